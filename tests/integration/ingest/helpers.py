"""Small helpers the ingestion tests share: run an ingestion, read back what was stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import text

from gridlens.db.engine import get_engine
from gridlens.ingest.pipeline import Limits, ingest_object
from gridlens.ingest.records import Outcome
from gridlens.store.local import LocalStore


def ingest_file(path: Path, database_url: str, **limits: object) -> Outcome:
    """Ingest a local file through the local store, as `gridlens ingest PATH` does."""
    store = LocalStore(path.parent)
    return ingest_object(
        store,
        path.name,
        database_url=database_url,
        limits=Limits(**limits),  # type: ignore[arg-type]
    )


def scalar(database_url: str, sql: str, **params: object) -> object:
    with get_engine(database_url).connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def rows(database_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    with get_engine(database_url).connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def top_plants(
    database_url: str, year: int, n: int, state: str | None = None
) -> list[tuple[object, ...]]:
    """(plant_id, name, rounded MWh) of the top n plants, as the API ranks them."""
    where = "AND state = :state" if state else ""
    return rows(
        database_url,
        f"SELECT plant_id, name, ROUND(net_generation_kwh / 1000.0) FROM plants "
        f"WHERE year = :year AND net_generation_kwh IS NOT NULL {where} "
        "ORDER BY net_generation_kwh DESC, plant_id LIMIT :n",
        year=year,
        n=n,
        state=state,
    )


def snapshot(database_url: str) -> str:
    """A digest of every stored generator, plant and dataset row: equal means untouched."""
    digest = hashlib.sha256()
    for table, order in (
        ("generators", "year, line"),
        ("plants", "year, plant_id"),
        ("datasets", "year"),
    ):
        for row in rows(database_url, f"SELECT * FROM {table} ORDER BY {order}"):
            digest.update(repr(row).encode())
    return digest.hexdigest()
