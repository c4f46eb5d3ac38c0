"""Queued ingestion runs in the database: enqueue, and claim exactly once across workers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, text

from gridlens.audit.events import SYSTEM_ACTOR, Action, Actor, Outcome, record
from gridlens.db.engine import get_engine
from gridlens.db.tables import Ingestion
from gridlens.ingest.batch import pending_keys
from gridlens.ingest.lease import hold, worker_name
from gridlens.ingest.records import now
from gridlens.outcomes import ACTIVE, RunStatus
from gridlens.settings import Settings
from gridlens.store.base import InvalidKey, ObjectNotFound
from gridlens.store.factory import open_store


@dataclass(frozen=True)
class Job:
    run_id: int
    source: str
    force: bool


def enqueue(
    database_url: str, source: str, *, force: bool = False, by: Actor = SYSTEM_ACTOR
) -> int:
    """A queued run for source (a store key), audited; returns its id."""
    with get_engine(database_url).begin() as conn:
        run_id = int(
            conn.execute(
                insert(Ingestion)
                .values(source=source, status=RunStatus.QUEUED, force=force)
                .returning(Ingestion.id)
            ).scalar_one()
        )
        action = Action.INGESTION_FORCED if force else Action.INGESTION_QUEUED
        record(conn, by, action, source, detail={"run_id": run_id})
        return run_id


def queued_or_running(database_url: str) -> set[str]:
    """Sources that already have a run waiting or under way."""
    with get_engine(database_url).connect() as conn:
        return set(
            conn.execute(select(Ingestion.source).where(Ingestion.status.in_(ACTIVE))).scalars()
        )


_CLAIM = """
    UPDATE ingestions SET status = 'running', started_at = :started, worker = :worker
    WHERE id = (
        SELECT id FROM ingestions WHERE status = 'queued' ORDER BY id LIMIT 1 {lock}
    ) AND status = 'queued'
    RETURNING id, source, force
"""


def claim(conn: Connection) -> Job | None:
    """The oldest queued run, now running under this process's lease; None when none waits."""
    # SKIP LOCKED lets concurrent workers each take a different run without waiting.
    lock = "FOR UPDATE SKIP LOCKED" if conn.dialect.name == "postgresql" else ""
    with conn.begin():
        row = conn.execute(
            text(_CLAIM.format(lock=lock)), {"started": now(), "worker": worker_name()}
        ).first()
        if row is None:
            return None
        hold(conn, row.id)
    return Job(run_id=int(row.id), source=str(row.source), force=bool(row.force))


def request(
    settings: Settings, key: str | None, *, force: bool = False, by: Actor = SYSTEM_ACTOR
) -> list[int]:
    """Queue key (checked to exist) or, without one, every new CSV not already waiting."""
    store = open_store(settings.store_url)
    if key is not None:
        try:
            store.stat(key)
        except (ObjectNotFound, InvalidKey) as error:
            with get_engine(settings.database_url).begin() as conn:
                detail = {"reason": str(error)[:500], "force": force}
                record(conn, by, Action.INGESTION_REFUSED, key, Outcome.FAILURE, detail)
            raise
        return [enqueue(settings.database_url, key, force=force, by=by)]
    busy = queued_or_running(settings.database_url)
    return [
        enqueue(settings.database_url, pending, force=force, by=by)
        for pending in pending_keys(store, settings.database_url)
        if pending not in busy
    ]
