"""S3 event notifications posted by MinIO's webhook target: each new CSV becomes a queued run."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, status
from pydantic import BaseModel, Field

from gridlens.api.deps import SettingsDep
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.auth.errors import NotAuthenticated
from gridlens.ingest import events
from gridlens.store.factory import open_store

router = APIRouter(prefix=f"{API_V1}/events", tags=["events"])
SharedSecret = Annotated[str | None, Header(description="Bearer GRIDLENS_EVENTS_SECRET")]


class QueuedRun(BaseModel):
    key: str = Field(description="The store key of the new object")
    run_id: int | None = Field(description="Its queued run; null when that file had one already")


class EventHandled(BaseModel):
    queued: list[QueuedRun]


def _shared_secret(
    settings: SettingsDep,
    authorization: SharedSecret = None,
) -> None:
    """The sender's secret, checked before the body is read: a stranger learns nothing of it."""
    if not settings.events_secret:
        raise HTTPException(404, "Event intake is off: set GRIDLENS_EVENTS_SECRET to turn it on.")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        token.strip().encode(), settings.events_secret.encode()
    ):
        raise NotAuthenticated("send Authorization: Bearer <GRIDLENS_EVENTS_SECRET>")


@router.post(
    "/s3",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue ingestion runs for the CSVs an S3 event says were created",
    responses=documented(
        {
            401: "Missing or wrong shared secret",
            404: "Event intake is off (GRIDLENS_EVENTS_SECRET is unset)",
            422: "Not an S3 event notification",
            503: "The store or the database is unreachable; the sender should retry",
        }
    ),
    dependencies=[Depends(_shared_secret)],
)
def s3_event(
    settings: SettingsDep,
    event: Annotated[dict[str, Any], Body(description="An S3 event notification")],
) -> EventHandled:
    """For MinIO's webhook target (its auth_token is the shared secret): idempotent per file."""
    created = events.parse(event)
    queued = events.queue_created(open_store(settings.store_url), settings.database_url, created)
    return EventHandled(queued=[QueuedRun(key=q.key, run_id=q.run_id) for q in queued])
