"""The shape of an ingestion run record as the API returns it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gridlens.plants.schemas import UtcDateTime


class Ingestion(BaseModel):
    """One ingestion run of one file."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str = Field(description="The store key or URI the run was asked to load")
    status: str = Field(description="queued, running, then how it ended")
    sha256: str | None
    size_bytes: int | None
    year: int | None
    force: bool
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    warnings_count: int
    rejects: list[dict[str, Any]] = Field(description="The first rejected rows, located")
    warnings: list[dict[str, Any]] = Field(description="The first warnings, located")
    notes: list[str]
    error: str | None
    duration_s: float | None
    worker: str | None
    created_at: UtcDateTime
    started_at: UtcDateTime | None
    finished_at: UtcDateTime | None


class Ingestions(BaseModel):
    """A page of run records, newest first."""

    total: int = Field(description="How many runs there are in all")
    limit: int
    offset: int
    ingestions: list[Ingestion]
