"""The mixed benchmark's data at one scale: GEN21, GEN22 and GEN23, each multiplied (bigfile.py:
100x is 100 copies of every plant under new codes, ~1.26 M plants a year), loaded into a
PostgreSQL database of its own with `gridlens ingest`, and copied into Datasette's SQLite."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.bigfile import multiplied
from bench.common import (
    GEN23,
    WORK,
    BenchError,
    checked,
    gridlens,
    gridlens_env,
    need_gen22,
    need_gen23,
    run_timed,
    say,
)
from bench.pg import BenchDatabase, bench_database

YEARS = (2021, 2022, 2023)
# Datasette's table, and the same indexes at every scale, made after the rows are in.
SCHEMA = """
CREATE TABLE plants (
    year INTEGER NOT NULL,
    plant_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    net_generation_mwh REAL,
    nameplate_mw REAL,
    generators INTEGER NOT NULL,
    PRIMARY KEY (year, plant_id)
);
"""
INDEXES = """
CREATE INDEX ix_plants_year_state_generation ON plants (year, state, net_generation_mwh);
CREATE INDEX ix_plants_year_generation ON plants (year, net_generation_mwh);
ANALYZE;
"""
BATCH = 50_000


@dataclass(frozen=True)
class Scale:
    """One scale's data, loaded: where gridlens and Datasette read it, and what it took."""

    copies: int
    database: BenchDatabase
    sqlite: Path
    plants_per_year: int  # in 2023
    load_s: float  # the three `gridlens ingest` runs, whole processes
    copy_s: float  # PostgreSQL -> Datasette's SQLite

    @property
    def label(self) -> str:
        return f"{self.copies}x"


def need_gen21() -> Path:
    gen21 = GEN23.with_name("gen21_bom_excel_formatted.csv")
    if not gen21.is_file():
        raise BenchError(f"the shared eGRID data is absent: {gen21} (set GRIDLENS_BENCH_DATA)")
    return gen21


def sheets(copies: int) -> list[Path]:
    """The three years' files at this scale (written once, then reused from bench/work)."""
    return [multiplied(copies, sheet) for sheet in (need_gen21(), need_gen22(), need_gen23())]


def datasette_db(database: BenchDatabase, out: Path) -> None:
    """Datasette's SQLite copy of the plants gridlens loaded: the same rows, every year; read
    from PostgreSQL in batches (3.8 M rows at 100x)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with database.connect() as conn, conn.transaction(), sqlite3.connect(out) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        with conn.cursor(name="plants") as rows:
            rows.itersize = BATCH
            rows.execute(
                "SELECT year, plant_id, name, state, (net_generation_kwh / 1000.0)::float8, "
                "nameplate_mw, generators FROM plants ORDER BY year, plant_id"
            )
            while batch := rows.fetchmany(BATCH):
                db.executemany("INSERT INTO plants VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        db.executescript(INDEXES)
    db.close()


@contextmanager
def loaded(copies: int) -> Iterator[Scale]:
    """A new database holding the three years at this scale, dropped on exit; and its SQLite
    copy at WORK/mixed/x{copies}/plants.db (Datasette serves it at /plants)."""
    files = sheets(copies)
    with bench_database() as database:
        say(f"mixed {copies}x: loading {', '.join(f.name for f in files)} with `gridlens ingest`")
        started = time.perf_counter()
        for path in files:
            timed = run_timed(gridlens("ingest", str(path)), env=gridlens_env(database.url))
            checked(timed, f"gridlens ingest of {path.name}")
            say(f"mixed {copies}x: {path.name} loaded in {timed.wall_s:.1f} s")
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        db = WORK / "mixed" / f"x{copies}" / "plants.db"
        datasette_db(database, db)
        copy_s = time.perf_counter() - started
        with database.connect() as conn:
            row = conn.execute("SELECT count(*) FROM plants WHERE year = 2023").fetchone()
        plants = int(str(row[0])) if row else 0
        say(f"mixed {copies}x: {plants:,} plants in 2023; SQLite copy in {copy_s:.1f} s")
        yield Scale(copies, database, db, plants, load_s, copy_s)
