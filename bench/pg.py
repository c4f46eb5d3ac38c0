"""A PostgreSQL database of the bench's own, created fresh and dropped at the end."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

ADMIN_DSN = os.environ.get("GRIDLENS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DATA_TABLES = ("plants", "generators", "datasets", "ingestions")


@dataclass(frozen=True)
class BenchDatabase:
    name: str

    @property
    def dsn(self) -> str:
        return f"{ADMIN_DSN.rsplit('/', 1)[0]}/{self.name}"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL gridlens takes."""
        return self.dsn.replace("postgresql://", "postgresql+psycopg://", 1)

    def connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.dsn, autocommit=True)

    def empty(self) -> None:
        """No data and no runs: the next ingestion loads into empty tables."""
        with self.connect() as conn:
            conn.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY")
            conn.execute("CHECKPOINT")  # the previous load's dirty pages are not this one's cost


@contextmanager
def bench_database() -> Iterator[BenchDatabase]:
    """A new migrated database, dropped on exit whatever happened."""
    from gridlens.db.engine import get_engine
    from gridlens.db.migrate import upgrade

    database = BenchDatabase(f"gridlens_bench_{uuid.uuid4().hex[:10]}")
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database.name}"')
    try:
        upgrade(database.url)
        get_engine(database.url).dispose()
        yield database
    finally:
        get_engine(database.url).dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def psql(database: BenchDatabase, *args: str) -> list[str]:
    return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database.dsn, *args]


def server_version() -> str:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split(" ")[0] if row else "?"
