"""`gridlens --help` starts fast: heavy libraries are imported only by the commands using them."""

from __future__ import annotations

import subprocess
import sys

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
