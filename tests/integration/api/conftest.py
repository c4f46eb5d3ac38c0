"""An app on a fresh migrated database (SQLite and PostgreSQL), and a way to put rows in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gridlens.api.app import create_app
from gridlens.db.engine import get_engine, session_scope
from gridlens.db.tables import Base, Plant
from gridlens.ingest import standings
from gridlens.settings import Settings
from tests.unit.api.signin import signed_in

Seed = Callable[..., None]


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        database_url=db_url,
        store_url=str(tmp_path / "store"),
        web_dist=str(tmp_path / "no-ui"),
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(signed_in(create_app(settings))) as test_client:
        yield test_client


@pytest.fixture
def seed(db_url: str) -> Seed:
    """seed(row, ...) commits the rows, and derives their years' ranks and totals, as an
    ingestion would."""

    def add(*rows: Base) -> None:
        with session_scope(db_url) as session:
            session.add_all(rows)
        years = {row.year for row in rows if isinstance(row, Plant)}
        with get_engine(db_url).begin() as conn:
            for year in sorted(years):
                standings.derive_year(conn, year)

    return add
