"""The tables' PostgreSQL-only DDL, given on demand (db/tables.py add_postgresql_ddl), reaches
PostgreSQL when the tables are created from them, as the migrations create it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from gridlens.db.engine import get_engine
from tests.conftest import ROOT, create_pg_database, drop_pg_database

PARTS = (
    "SELECT c.relname || ' ' || p.partstrat::text FROM pg_partitioned_table p "
    "JOIN pg_class c ON c.oid = p.partrelid ORDER BY c.relname",
    "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_ingestions_open_source_sha256'",
)


def _parts(url: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return [str(value) for query in PARTS for value in conn.execute(text(query)).scalars()]


@pytest.fixture
def created_url(pg_server: str) -> Iterator[str]:
    """A database whose tables were created from the metadata, in a fresh interpreter (where
    nothing added the PostgreSQL-only parts before)."""
    url = create_pg_database(pg_server)
    program = (
        "import sys\n"
        "from sqlalchemy import create_engine\n"
        "from gridlens.db.tables import Base\n"
        "Base.metadata.create_all(create_engine(sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", program, url], cwd=ROOT, check=True, timeout=120)
    yield url
    drop_pg_database(pg_server, url)


def test_created_tables_have_the_migrations_partitions_and_partial_index(
    created_url: str, pg_url: str
) -> None:
    assert _parts(created_url) == _parts(pg_url)
    assert _parts(created_url)[0] == "generators l"
    assert " WHERE " in _parts(created_url)[-1]
