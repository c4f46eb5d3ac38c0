"""Swap one year's generators and plants for what staging holds, inside the caller's transaction.

SQLite deletes the year's rows and copies staging's in; PostgreSQL swaps whole tables (swap.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from gridlens.db.tables import Base
from gridlens.ingest import aggregate, standings, swap
from gridlens.ingest.scratch import PLANTS
from gridlens.ingest.staging import create_like, staging_table, stored_columns


def replace_year(conn: Connection, year: int) -> tuple[int, int]:
    """Replace year's rows with staging's; returns (generators, plants) now stored."""
    table = staging_table(conn)
    if conn.dialect.name == "postgresql":
        return _swap_year(conn, year, table)
    with _larger_caches(conn):
        return _replace_year(conn, year, table)


def _replace_year(conn: Connection, year: int, table: str) -> tuple[int, int]:
    """SQLite: the year's rows deleted, staging's copied in, its plants derived and put in."""
    conn.execute(text("DELETE FROM plants WHERE year = :year"), {"year": year})
    conn.execute(text(aggregate.RANK_FUELS.format(table=table)))
    # The year's plants derived in a table of their own, then put into plants with their indexes
    # once: updating every row of the indexed table cost more than all the rest of a 100x load.
    stored = Base.metadata.tables["plants"]
    create_like(conn, PLANTS, stored, "PRIMARY KEY (year, plant_id)")
    rows = aggregate.plant_rows("sqlite", table)
    inserted = f"INSERT INTO {PLANTS} ({aggregate.COLUMNS}) {rows}"
    plants = conn.execute(text(inserted), {"year": year})
    standings.derive_year(conn, year, PLANTS)
    plant_columns = ", ".join(column.name for column in stored.columns)
    conn.execute(text(f"INSERT INTO plants ({plant_columns}) SELECT {plant_columns} FROM {PLANTS}"))
    conn.execute(text("DELETE FROM generators WHERE year = :year"), {"year": year})
    generator_columns = ", ".join(stored_columns())
    generators = conn.execute(
        text(
            f"INSERT INTO generators ({generator_columns}) SELECT {generator_columns} FROM {table}"
        )
    )
    return int(generators.rowcount), int(plants.rowcount)


# SQLite's page cache while a year goes in (the default is 2 MB): a 100x year's rows and plants
# go into indexes far larger than that, in key orders of their own.
SQLITE_CACHE_KIB = 128 * 1024


@contextmanager
def _larger_caches(conn: Connection) -> Iterator[None]:
    """SQLite: larger page caches for main and temp while the year goes in, then as they were."""
    caches = {
        schema: int(conn.execute(text(f"PRAGMA {schema}.cache_size")).scalar_one())
        for schema in ("main", "temp")
    }
    try:
        for schema in caches:
            conn.execute(text(f"PRAGMA {schema}.cache_size = -{SQLITE_CACHE_KIB}"))
        yield
    finally:
        for schema, pages in caches.items():
            conn.execute(text(f"PRAGMA {schema}.cache_size = {pages}"))


def _swap_year(conn: Connection, year: int, table: str) -> tuple[int, int]:
    """PostgreSQL: plants built from the staged (and indexed) table, then both swapped in."""
    generators = int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    others = conn.execute(
        text("SELECT COALESCE(SUM(generators), 0) FROM datasets WHERE year <> :year"),
        {"year": year},
    ).scalar_one()
    # Rebuilding plants costs its other years' rows once; inserting, this year's in three indexes.
    rebuild = 2 * generators >= int(others)
    if rebuild:
        plants = swap.build_plants(conn, year, table)
    else:
        plants = swap.insert_plants(conn, year, table)
        standings.derive_year(conn, year)
    swap.lock_for_swap(conn)
    if rebuild:
        swap.swap_plants(conn, table)
    swap.attach_generators(conn, year, table)
    return generators, plants


def stored_generators(conn: Connection, year: int) -> int:
    """How many generator rows the year holds now (0 when it was never loaded)."""
    count = conn.execute(
        text("SELECT generators FROM datasets WHERE year = :year"), {"year": year}
    ).scalar_one_or_none()
    return int(count or 0)


def record_dataset(
    conn: Connection,
    *,
    year: int,
    sha256: str,
    source: str,
    run_id: int,
    generators: int,
    plants: int,
) -> None:
    """What the year holds now: upserted in the same transaction as the data."""
    conn.execute(text("DELETE FROM datasets WHERE year = :year"), {"year": year})
    conn.execute(
        text(
            "INSERT INTO datasets"
            " (year, sha256, source, ingestion_id, generators, plants, loaded_at)"
            " VALUES (:year, :sha256, :source, :run_id, :generators, :plants, CURRENT_TIMESTAMP)"
        ),
        {
            "year": year,
            "sha256": sha256,
            "source": source,
            "run_id": run_id,
            "generators": generators,
            "plants": plants,
        },
    )


def year_sha256(conn: Connection, year: int) -> str | None:
    return conn.execute(
        text("SELECT sha256 FROM datasets WHERE year = :year"), {"year": year}
    ).scalar_one_or_none()


def lock_year(conn: Connection, year: int) -> None:
    """Two ingestions of one year never interleave: PostgreSQL serialises them on a lock."""
    if conn.dialect.name == "postgresql":
        # 0x67726964 spells "grid": a namespace so other apps' advisory locks don't collide.
        conn.execute(text("SELECT pg_advisory_xact_lock(1735551332, :year)"), {"year": year})
