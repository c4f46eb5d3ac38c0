"""Where the schema stands, read without loading Alembic: most commands only need to know that
the database is current, and Alembic's import and script scan cost more than the rest of a
small ingestion's start-up. Anything this cannot tell for sure is left to Alembic (None)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from gridlens.db.engine import get_engine

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"$', re.MULTILINE)
_DOWN = re.compile(r'^down_revision: [^=]+= (None|"([^"]+)")$', re.MULTILINE)


def head() -> str | None:
    """The one revision no migration revises; None when the files do not say it plainly (a
    merge revision, or two heads), so Alembic decides."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(2):
            revised.add(down.group(2))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def current(url: str) -> str | None:
    """The database's revision; None when it has none (or more than one) or cannot say."""
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no alembic_version yet: a new database
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def is_current(url: str) -> bool:
    """True only when the database is surely at the head of this gridlens's migrations."""
    at = current(url)
    return at is not None and at == head()
