"""`gridlens` leaves without tearing its modules down, yet exits as before: same codes, same
output, its SQLite database closed (no WAL left behind)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GRIDLENS = Path(sys.executable).parent / "gridlens"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}",
        "GRIDLENS_STORE_URL": str(tmp_path / "store"),
        "GRIDLENS_LOG_FORMAT": "json",
    }
    return subprocess.run(
        [str(GRIDLENS), *args], env=env, capture_output=True, text=True, check=False
    )


def test_exit_codes_output_and_a_closed_database(tmp_path: Path) -> None:
    sheet = tmp_path / "store" / "synthetic.csv"
    assert run(tmp_path, "sample", "--out", str(sheet), "--plants", "20").returncode == 0

    loaded = run(tmp_path, "ingest", str(sheet))
    assert loaded.returncode == 0
    assert loaded.stdout.startswith(f"{sheet}: 2023 loaded: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.db", "store"]

    refused = run(tmp_path, "ingest", str(tmp_path / "absent.csv"))
    assert refused.returncode == 1
    assert "refused" in refused.stdout

    unknown = run(tmp_path, "no-such-command")
    assert unknown.returncode == 2
    assert "No such command 'no-such-command'" in unknown.stderr
