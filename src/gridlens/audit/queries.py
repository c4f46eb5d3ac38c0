"""Reading the trail: filters, newest first, keyset pages (stable while events keep arriving)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.audit.schemas import AuditEventOut, AuditPage
from gridlens.db.tables import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def page(session: Session, where: AuditFilter, limit: int, before: int | None = None) -> AuditPage:
    """Up to limit events older than event `before`, newest first; next_before continues."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    if where.actor is not None:
        query = query.where(AuditEvent.actor_name == where.actor)
    if where.action is not None:
        query = query.where(AuditEvent.action == where.action)
    if where.target is not None:
        query = query.where(AuditEvent.target == where.target)
    if where.since is not None:
        query = query.where(AuditEvent.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEvent.at < where.until)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    events = [AuditEventOut.model_validate(row, from_attributes=True) for row in rows[:limit]]
    return AuditPage(events=events, next_before=events[-1].id if more else None)
