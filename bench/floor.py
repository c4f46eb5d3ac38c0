"""The floor of any CSV load: `psql \\copy` of the file's data rows into an unlogged text table."""

from __future__ import annotations

import csv
from pathlib import Path

from bench.common import Timed, checked, pinned, run_timed
from bench.pg import BenchDatabase, psql

TABLE = "floor_copy"
HEADER_LINES = 2  # EPA's descriptions, then the abbreviations


def data_offset(path: Path) -> int:
    """Byte offset of the first data row, past both header lines."""
    with path.open("rb") as source:
        for _ in range(HEADER_LINES):
            source.readline()
        return source.tell()


def columns(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        next(reader)
        return len(next(reader))


def copy_floor(database: BenchDatabase, path: Path, core: int | None) -> Timed:
    """Time psql's client-side COPY of the same bytes (every column as text, no WAL, no index)."""
    fields = ", ".join(f"c{i} text" for i in range(columns(path)))
    with database.connect() as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(f"CREATE UNLOGGED TABLE {TABLE} ({fields})")
        conn.execute("CHECKPOINT")
    with path.open("rb") as source:
        source.seek(data_offset(path))
        timed = run_timed(
            pinned(psql(database, "-c", f"\\copy {TABLE} FROM STDIN WITH (FORMAT csv)"), core),
            stdin=source,
        )
    checked(timed, "psql \\copy")
    with database.connect() as conn:
        conn.execute(f"DROP TABLE {TABLE}")
    return timed
