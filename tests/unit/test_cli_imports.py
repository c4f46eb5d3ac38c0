"""`gridlens --help` starts fast: heavy libraries are imported only by the commands using them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("boto3", "botocore", "polars", "sqlalchemy", "fastapi", "pydantic_settings")


def _imported(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return list(eval(out))  # noqa: S307 - our own print of a list of names


def test_the_command_line_imports_none_of_them() -> None:
    assert _imported("import gridlens.cli") == []


def test_a_local_ingestion_into_sqlite_needs_neither_s3_nor_polars() -> None:
    # What `gridlens ingest FILE` imports before it reads a byte (Polars comes with the sheet).
    loaded = _imported(
        "import gridlens.cli, gridlens.ingest.cli_run, gridlens.store.factory, gridlens.settings"
    )
    assert loaded == ["pydantic_settings", "sqlalchemy"]


def test_the_tables_leave_the_postgresql_dialect_unloaded() -> None:
    # SQLAlchemy imports a dialect to check its keyword arguments: the tables give PostgreSQL's
    # only on demand (db/tables.py add_postgresql_ddl).
    probe = "import sys, gridlens.db.tables\nprint('sqlalchemy.dialects.postgresql' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_gridlens_ingest_on_sqlite_loads_no_postgresql_dialect_rich_or_alembic(
    tmp_path: Path,
) -> None:
    # The whole command, JSON log lines, on a database already current: what it loaded by its
    # exit, and rich still importable after structlog was imported without it.
    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}",
        "GRIDLENS_STORE_URL": str(tmp_path / "store"),
        "GRIDLENS_LOG_FORMAT": "json",
    }
    gridlens = str(Path(sys.executable).parent / "gridlens")
    sheet = tmp_path / "store" / "synthetic.csv"
    for args in (["db", "upgrade"], ["sample", "--out", str(sheet), "--plants", "20"]):
        subprocess.run([gridlens, *args], env=env, check=True, capture_output=True)
    watched = ("sqlalchemy.dialects.postgresql", "rich", "alembic")
    probe = (
        "import atexit, importlib.util, sys\n"
        "def loaded():\n"
        f"    print('loaded:', sorted(m for m in {watched!r} if m in sys.modules))\n"
        "    print('rich importable:', importlib.util.find_spec('rich') is not None)\n"
        "atexit.register(loaded)\n"
        f"sys.argv = ['gridlens', 'ingest', {str(sheet)!r}]\n"
        "from gridlens.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{sheet}: 2023 loaded: 48 generators, 0 rejected")
    assert lines[1:] == ["loaded: []", "rich importable: True"]
