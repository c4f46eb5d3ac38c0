"""Revision 0004 gives runs that failed before it the code their words show, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from gridlens.db.engine import get_engine
from gridlens.db.migrate import alembic_config, upgrade
from tests.conftest import create_pg_database, drop_pg_database

OLD_FAILURES = [
    "k.csv: would replace 26,601 generators of 2023 with 100 (99.6% fewer, more than 10%); "
    "if the smaller file is right, ingest it again with --force",
    "bad.csv line 12 column GENNTAN: 2 of 100 rows rejected (2.0%), more than the 1.0% allowed "
    "(--max-reject-ratio); the first: not a number (GENNTAN='lots')",
    "interrupted: the process running it stopped before it finished; ingest it again",
    "cut.csv line 2: missing required column(s): GENNTAN, ORISPL",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    admin = request.getfixturevalue("pg_server")
    url = create_pg_database(admin)
    yield url
    drop_pg_database(admin, url)


def test_old_failures_get_their_codes(empty_url: str) -> None:
    upgrade(empty_url, "0003")
    with get_engine(empty_url).begin() as conn:
        for error in OLD_FAILURES:
            conn.execute(
                text(
                    "INSERT INTO ingestions (source, status, force, rows_read, rows_loaded, "
                    "rows_rejected, rows_skipped, warnings_count, rejects, warnings, notes, error) "
                    "VALUES ('k.csv', 'failed', false, 0, 0, 0, 0, 0, '[]', '[]', '[]', :error)"
                ),
                {"error": error},
            )
        conn.execute(
            text(
                "INSERT INTO ingestions (source, status, force, rows_read, rows_loaded, "
                "rows_rejected, rows_skipped, warnings_count, rejects, warnings, notes) "
                "VALUES ('k.csv', 'succeeded', false, 0, 0, 0, 0, 0, '[]', '[]', '[]')"
            )
        )
    upgrade(empty_url)
    with get_engine(empty_url).connect() as conn:
        codes = conn.execute(text("SELECT error_code FROM ingestions ORDER BY id")).scalars()
        assert list(codes) == ["shrink_refused", "too_many_rejects", "interrupted", None, None]
    with get_engine(empty_url).begin() as conn:  # and back down
        config = alembic_config(empty_url)
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    with get_engine(empty_url).connect() as conn:
        columns = conn.execute(text("SELECT * FROM ingestions")).keys()
        assert "error_code" not in columns
