"""The one deliberate way events leave the trail: older than the retention setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, text

from gridlens.db.engine import get_engine
from gridlens.db.tables import AuditEvent


def purge(database_url: str, retention_days: int, now: datetime | None = None) -> int:
    """Delete events older than retention_days; returns how many went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    with get_engine(database_url).begin() as conn:
        if conn.dialect.name == "postgresql":
            # The append-only trigger lets a DELETE through only in a transaction that says so.
            conn.execute(text("SET LOCAL gridlens.audit_retention = 'on'"))
        result = conn.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
        return int(result.rowcount)
