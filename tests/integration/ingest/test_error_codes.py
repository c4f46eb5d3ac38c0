"""Every failed run records why as a code (gridlens.outcomes.ErrorCode), on both databases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert

from gridlens.db.engine import get_engine
from gridlens.db.tables import Ingestion
from gridlens.ingest.lease import HOST, reap_orphans
from gridlens.ingest.pipeline import ingest_object
from gridlens.outcomes import ErrorCode, RunStatus
from gridlens.store.local import LocalStore
from tests.integration.ingest.helpers import ingest_file, rows
from tests.integration.ingest.sheets import HEADER, gen, plants_sheet, write_sheet


def _recorded(db_url: str) -> list[tuple[object, ...]]:
    return rows(db_url, "SELECT status, error_code FROM ingestions ORDER BY id DESC LIMIT 1")


def _refused(path: Path, db_url: str, code: ErrorCode, **limits: object) -> None:
    outcome = ingest_file(path, db_url, **limits)
    assert (outcome.status, outcome.error_code) == (RunStatus.FAILED, code), outcome.error
    assert _recorded(db_url) == [("failed", code.value)]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_an_empty_file(db_url: str, tmp_path: Path) -> None:
    _refused(_write(tmp_path / "empty.csv", b""), db_url, ErrorCode.EMPTY_FILE)


def test_a_binary_file(db_url: str, tmp_path: Path) -> None:
    _refused(_write(tmp_path / "x.csv", b"a,b\n\x00\x01\n"), db_url, ErrorCode.NOT_TEXT)


def test_an_excel_workbook(db_url: str, tmp_path: Path) -> None:
    _refused(_write(tmp_path / "x.csv", b"PK\x03\x04" + b"\x00" * 64), db_url, ErrorCode.NOT_TEXT)


def test_a_field_too_large_for_csv(db_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "x.csv", b"a," + b"x" * 200_000 + b"\n")
    _refused(path, db_url, ErrorCode.NOT_CSV)


def test_a_csv_that_is_no_generator_sheet(db_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "plants.csv", b"PLANT,CAPACITY\nA,1\nB,2\n")
    _refused(path, db_url, ErrorCode.NOT_A_GENERATOR_SHEET)


def test_missing_columns(db_url: str, tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "GENNTAN"]
    path = write_sheet(tmp_path / "cut.csv", [gen(1, "1", "5")], header)
    _refused(path, db_url, ErrorCode.MISSING_COLUMNS)


def test_repeated_columns(db_url: str, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "twice.csv", [gen(1, "1", "5")], [*HEADER, "ORISPL"])
    _refused(path, db_url, ErrorCode.REPEATED_COLUMNS)


def test_a_header_without_rows(db_url: str, tmp_path: Path) -> None:
    _refused(write_sheet(tmp_path / "none.csv", []), db_url, ErrorCode.NO_GENERATOR_ROWS)


def test_too_many_rejects(db_url: str, tmp_path: Path) -> None:
    generators = [gen(i, "1", str(i)) for i in range(1, 11)]
    generators[3]["GENNTAN"] = "lots"
    _refused(write_sheet(tmp_path / "bad.csv", generators), db_url, ErrorCode.TOO_MANY_REJECTS)


def test_a_shrink_is_refused_then_forced(db_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "full.csv", 20), db_url)
    half = plants_sheet(tmp_path / "half.csv", 10)
    _refused(half, db_url, ErrorCode.SHRINK_REFUSED)
    forced = ingest_file(half, db_url, force=True)
    assert (forced.status, forced.error_code) == (RunStatus.SUCCEEDED, None)
    assert _recorded(db_url) == [("succeeded", None)]


@pytest.mark.parametrize(
    ("key", "code"),
    [("nothing-here.csv", ErrorCode.OBJECT_NOT_FOUND), ("../up.csv", ErrorCode.INVALID_KEY)],
)
def test_a_source_the_store_cannot_give(
    db_url: str, tmp_path: Path, key: str, code: ErrorCode
) -> None:
    outcome = ingest_object(LocalStore(tmp_path), key, database_url=db_url)
    assert (outcome.status, outcome.error_code) == (RunStatus.FAILED, code), outcome.error
    assert _recorded(db_url) == [("failed", code.value)]


def test_a_run_whose_process_died_is_interrupted(sqlite_url: str) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    with get_engine(sqlite_url).begin() as conn:
        conn.execute(
            insert(Ingestion).values(
                source="gen23.csv", status=RunStatus.RUNNING, worker=f"{HOST}:{gone}"
            )
        )
    assert reap_orphans(sqlite_url) == [1]
    assert _recorded(sqlite_url) == [("failed", "interrupted")]
