"""Who is running a run: a lease that dies with its process, so orphaned runs can be found."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from gridlens.db.engine import get_engine
from gridlens.outcomes import ErrorCode

# Namespace of the per-run advisory locks (the year locks use 1735551332).
RUN_LOCKS = 1735551333
HOST = socket.gethostname()
INTERRUPTED = "interrupted: the process running it stopped before it finished; ingest it again"


def worker_name() -> str:
    return f"{HOST}:{os.getpid()}"


@contextmanager
def lease_connection(database_url: str) -> Iterator[Connection]:
    """A connection to claim runs on; on PostgreSQL its session holds their locks until it ends."""
    with get_engine(database_url).connect() as conn:
        try:
            yield conn
        finally:
            if conn.dialect.name == "postgresql":
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock_all()"))
                conn.commit()


def hold(conn: Connection, run_id: int) -> None:
    """Take the run's lock in the claiming transaction, before anyone can see it running."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_lock(:ns, :id)"), {"ns": RUN_LOCKS, "id": run_id})


def reap_orphans(database_url: str) -> list[int]:
    """Mark failed (interrupted) every running run whose process is gone; returns their ids."""
    with get_engine(database_url).connect() as conn:
        running = conn.execute(
            text("SELECT id, worker FROM ingestions WHERE status = 'running' ORDER BY id")
        ).all()
        orphans = [run_id for run_id, worker in running if not _alive(conn, run_id, worker)]
        if orphans:
            conn.execute(
                text(
                    "UPDATE ingestions SET status = 'failed', error = :error, error_code = :code, "
                    "finished_at = CURRENT_TIMESTAMP WHERE status = 'running' AND id IN "
                    f"({', '.join(str(int(i)) for i in orphans)})"
                ),
                {"error": INTERRUPTED, "code": ErrorCode.INTERRUPTED.value},
            )
        conn.commit()
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_unlock_all()"))
            conn.commit()
    return orphans


def _alive(conn: Connection, run_id: int, worker: str | None) -> bool:
    if conn.dialect.name == "postgresql":
        # Its owner's session holds the lock for as long as it lives, on whatever machine.
        got = conn.execute(
            text("SELECT pg_try_advisory_lock(:ns, :id)"), {"ns": RUN_LOCKS, "id": run_id}
        ).scalar_one()
        return not got
    # SQLite is a local file: every process that can write it runs on this host.
    host, _, pid = (worker or "").rpartition(":")
    if host != HOST or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
