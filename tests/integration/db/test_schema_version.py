"""The schema's revision read without Alembic agrees with Alembic's, on both databases, and a
command on a current database does not load Alembic at all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridlens.db import migrate, schema_version
from tests.conftest import ROOT, create_pg_database, drop_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    admin = request.getfixturevalue("pg_server")
    url = create_pg_database(admin)
    yield url
    drop_pg_database(admin, url)


def test_head_is_alembics_head() -> None:
    assert schema_version.head() == migrate.head_revision("sqlite://")
    assert schema_version.head() is not None


def test_a_new_database_is_not_current_until_migrated(empty_url: str) -> None:
    assert schema_version.current(empty_url) is None
    assert not schema_version.is_current(empty_url)

    migrate.upgrade(empty_url)

    assert schema_version.current(empty_url) == migrate.current_revision(empty_url)
    assert schema_version.is_current(empty_url)


def test_a_database_behind_the_head_is_not_current(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0002")

    assert schema_version.current(empty_url) == "0002"
    assert not schema_version.is_current(empty_url)


def test_a_command_on_a_current_database_does_not_load_alembic(sqlite_url: str) -> None:
    probe = (
        "import sys\n"
        "from gridlens.preflight import prepare\n"
        "from gridlens.settings import Settings\n"
        f"prepare(Settings(env='test', database_url={sqlite_url!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    env = {**os.environ, "GRIDLENS_LOG_FORMAT": "json"}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    assert done.stdout.strip() == "[]"
