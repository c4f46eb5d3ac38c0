"""Fixtures shared by every test: real PostgreSQL, the shared eGRID files, a migrated database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.needs import missing

pytest_plugins = ["tests.s3server"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_EGRID = ROOT.parent / "shared" / "data" / "egrid"
SHARED_EIA = ROOT.parent / "shared" / "data" / "eia"
PG_ADMIN_DSN = os.environ.get("GRIDLENS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def shared_egrid() -> Path:
    """The folder of real eGRID files beside the project."""
    if not (SHARED_EGRID / "gen23.csv").is_file():
        missing(f"the shared eGRID data is absent ({SHARED_EGRID})")
    return SHARED_EGRID


@pytest.fixture(scope="session")
def shared_locations() -> Path:
    """EIA's plant-locations file beside the project."""
    path = SHARED_EIA / "power_plants_202311.csv"
    if not path.is_file():
        missing(f"the shared EIA plant locations are absent ({path})")
    return path


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        missing(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {error}")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """Proves the server is up; the admin DSN."""
    with _admin():
        pass
    return PG_ADMIN_DSN


def create_pg_database(admin_dsn: str) -> str:
    """A fresh, empty database; returns its SQLAlchemy URL."""
    name = f"gridlens_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def drop_pg_database(admin_dsn: str, url: str) -> None:
    from gridlens.db.engine import get_engine

    get_engine(url).dispose()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    from gridlens.db.migrate import upgrade

    url = create_pg_database(pg_server)
    upgrade(url)
    yield url
    drop_pg_database(pg_server, url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite database for one test."""
    from gridlens.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'gridlens.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test that takes it runs on both databases."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))
