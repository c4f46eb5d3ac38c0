"""`gridlens ingest` shows what it rejected; `gridlens runs` lists runs and shows one (SQLite)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.integration.ingest.sheets import gen, write_sheet
from tests.integration.ingest.test_cli_ingest import gridlens

BAD = range(100, 2600, 100)  # 25 generators with an unreadable GENNTAN, of 3,000 (0.83%)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    generators = [gen(i, "1", "10") for i in range(1, 3001)]
    for i in BAD:
        generators[i - 1]["GENNTAN"] = f"x{i}"
    generators[2999]["GENID"] = ""  # a warning: no generator id
    return write_sheet(tmp_path / "gen23.csv", generators)


def _reject(i: int) -> str:
    # generator i sits on line i + 2, below the description and header rows
    return f"  line {i + 2}, column GENNTAN, value 'x{i}': not a number"


def test_ingest_prints_the_first_20_then_where_to_see_the_rest(
    sqlite_url: str, sheet: Path, tmp_path: Path
) -> None:
    env = {"GRIDLENS_DATABASE_URL": sqlite_url, "GRIDLENS_STORE_URL": str(tmp_path / "store")}
    result = gridlens("ingest", str(sheet), env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{sheet}: 2023 loaded: 2,975 generators, 25 rejected, 0 skipped, ")
    assert lines[1:] == [
        "rejected rows (25):",
        *(_reject(i) for i in list(BAD)[:20]),
        "  … and 5 more: `gridlens runs show 1`",
        "warnings (1):",
        "  line 3002, column GENID, value '': the generator ID is blank; the row is kept",
    ]

    listed = gridlens("runs", env=env)
    assert listed.returncode == 0, listed.stderr
    assert re.fullmatch(
        rf"    1  succeeded\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d  2023      2,975 loaded      25 "
        rf"rejected  {re.escape(str(sheet))}\n",
        listed.stdout,
    ), listed.stdout

    shown = gridlens("runs", "show", "1", env=env)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout.splitlines()
    assert out[0] == f"run 1: {sheet}"
    assert "  status:        succeeded" in out
    assert "  rows rejected: 25" in out
    start = out.index("rejected rows (25):")
    assert out[start + 1 : start + 26] == [_reject(i) for i in BAD]
    assert out[start + 26 :] == [
        "warnings (1):",
        "  line 3002, column GENID, value '': the generator ID is blank; the row is kept",
    ]


def test_runs_of_an_empty_database_and_an_unknown_run(sqlite_url: str, tmp_path: Path) -> None:
    env = {"GRIDLENS_DATABASE_URL": sqlite_url, "GRIDLENS_STORE_URL": str(tmp_path)}
    listed = gridlens("runs", env=env)
    assert (listed.returncode, listed.stdout) == (
        0,
        "no runs yet: `gridlens ingest` loads the store's CSVs\n",
    )
    missing = gridlens("runs", "show", "9", env=env)
    assert missing.returncode == 1
    assert missing.stderr.endswith("error: there is no run 9: `gridlens runs` lists them\n")
