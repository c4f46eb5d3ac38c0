"""Engine and sessions: one engine per database URL, tuned for each backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from gridlens.tracing import trace_engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets the API read while an ingestion writes; busy_timeout waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# Every engine this process made, by URL: one pool per database, and what metrics report on.
ENGINES: dict[str, Engine] = {}


def get_engine(url: str) -> Engine:
    """The process-wide engine for url; SQLite files get their folder created."""
    engine = ENGINES.get(url)
    if engine is None:
        engine = ENGINES.setdefault(url, _create(url))
        trace_engine(engine)
    return engine


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A database host that does not answer must fail fast (readiness, requests), not hang.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        connect_args={"connect_timeout": 5},
    )


def statement_engine(url: str, connections: int) -> Engine:
    """PostgreSQL connections for reads of one statement each (api.cache): autocommit, so a read
    is one round trip (no BEGIN, no ROLLBACK), and no pre-ping (its round trip would double
    that; a dead connection fails the statement, and the caller reads on another).

    One per url and process, kept beside get_engine's: the pool metrics count its connections,
    tracing gives its statements spans, and the CLI disposes of it with the others."""
    key = f"{url} (one statement)"
    engine = ENGINES.get(key)
    if engine is None:
        engine = ENGINES.setdefault(
            key,
            create_engine(
                url,
                isolation_level="AUTOCOMMIT",
                pool_size=connections,
                max_overflow=0,
                pool_reset_on_return=None,  # nothing to reset: no transaction is ever open
                connect_args={"connect_timeout": 5},
            ),
        )
        trace_engine(engine)
    return engine


@lru_cache(maxsize=8)
def _sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with _sessionmaker(url)() as session, session.begin():
        yield session


def new_session(url: str) -> Session:
    return _sessionmaker(url)()
