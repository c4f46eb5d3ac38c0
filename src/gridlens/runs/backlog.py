"""Runs not finished yet, for the metrics that alerting watches: how many, and the oldest's age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, select

from gridlens.db import tables

OPEN_STATUSES = ("queued", "running")


@dataclass(frozen=True)
class Backlog:
    counts: dict[str, int]  # every status of OPEN_STATUSES, zero included
    oldest_running_s: float  # 0 when nothing runs


def backlog(conn: Connection, now: datetime | None = None) -> Backlog:
    """Queued and running runs, and how long the longest-running one has been at it."""
    run = tables.Ingestion
    counts = dict.fromkeys(OPEN_STATUSES, 0)
    rows = conn.execute(
        select(run.status, func.count()).where(run.status.in_(OPEN_STATUSES)).group_by(run.status)
    ).all()
    counts.update({status: int(count) for status, count in rows})
    started = conn.scalar(select(func.min(run.started_at)).where(run.status == "running"))
    if started is None:
        return Backlog(counts, 0.0)
    # SQLite hands back naive datetimes; gridlens writes them in UTC.
    started = started if started.tzinfo else started.replace(tzinfo=UTC)
    return Backlog(counts, max(0.0, ((now or datetime.now(UTC)) - started).total_seconds()))
