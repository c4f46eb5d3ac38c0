"""The staging table one ingestion loads into before the year is swapped in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text

from gridlens.egrid.rows import GeneratorRow

STAGING = "gridlens_staging"
FUELS = "gridlens_staging_fuels"
COLUMNS = GeneratorRow._fields
_TYPES = {
    "line": "INTEGER NOT NULL",
    "seq": "INTEGER",
    "year": "INTEGER NOT NULL",
    "plant_id": "INTEGER NOT NULL",
    "generator_id": "TEXT",
    "state": "TEXT NOT NULL",
    "plant_name": "TEXT NOT NULL",
    "status": "TEXT",
    "prime_mover": "TEXT",
    "fuel": "TEXT",
    "nameplate_mw": "DOUBLE PRECISION",
    "capacity_factor": "DOUBLE PRECISION",
    "net_generation_mwh": "DOUBLE PRECISION",
    "ozone_net_generation_mwh": "DOUBLE PRECISION",
    "generation_source": "TEXT",
    "year_online": "INTEGER",
    "year_retired": "INTEGER",
    "boilers": "INTEGER",
    "digest": "BIGINT NOT NULL",
}


def create_staging(conn: Connection) -> None:
    """A temporary table private to this connection, gone when the transaction ends."""
    columns = ", ".join(f"{name} {_TYPES[name]}" for name in COLUMNS)
    on_commit = " ON COMMIT DROP" if conn.dialect.name == "postgresql" else ""
    conn.execute(text(f"DROP TABLE IF EXISTS {STAGING}"))
    conn.execute(text(f"DROP TABLE IF EXISTS {FUELS}"))
    conn.execute(text(f"CREATE TEMPORARY TABLE {STAGING} ({columns}){on_commit}"))
    conn.execute(
        text(f"CREATE TEMPORARY TABLE {FUELS} (plant_id INTEGER PRIMARY KEY, fuel TEXT){on_commit}")
    )


def index_staging(conn: Connection) -> None:
    """Indexes the cross-row checks and the swap lean on, built once after the bulk load."""
    conn.execute(text(f"CREATE INDEX {STAGING}_plant ON {STAGING} (plant_id, line)"))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ANALYZE {STAGING}"))


class StagingLoader:
    """Bulk-loads chunks of rows: COPY on PostgreSQL, executemany in one transaction on SQLite."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dbapi: Any = conn.connection.dbapi_connection
        self._postgres = conn.dialect.name == "postgresql"
        self.rows = 0

    def load(self, rows: Iterable[GeneratorRow]) -> None:
        cursor = self._dbapi.cursor()
        try:
            if self._postgres:
                with cursor.copy(f"COPY {STAGING} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        self.rows += 1
            else:
                batch = list(rows)
                placeholders = ", ".join("?" for _ in COLUMNS)
                cursor.executemany(f"INSERT INTO {STAGING} VALUES ({placeholders})", batch)
                self.rows += len(batch)
        finally:
            cursor.close()
