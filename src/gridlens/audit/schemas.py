"""The audit trail as the API and the CLI show it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from gridlens.audit.events import Action


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor_id: int | None = Field(
        description="The user's id; null for the system or an unknown name"
    )
    actor_name: str = Field(description='A username, or "system" for the worker')
    action: Action
    target: str | None
    outcome: str = Field(description="success or failure; for a finished ingestion its status")
    client_address: str | None
    request_id: str | None
    detail: dict[str, Any]

    @field_validator("at")
    @classmethod
    def _utc(cls, at: datetime) -> datetime:
        # SQLite hands back naive datetimes; they were stored as UTC.
        return at if at.tzinfo else at.replace(tzinfo=UTC)


class AuditPage(BaseModel):
    events: list[AuditEventOut]
    next_before: int | None = Field(
        description="Pass as `before` for the next (older) page; null on the last page"
    )
