"""The shape of an ingestion run record as the API returns it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from gridlens.outcomes import ErrorCode, RunStatus
from gridlens.plants.schemas import UtcDateTime


class Finding(BaseModel):
    """A rejected row or a warning, located in the file (line 1-based, header lines counted)."""

    line: int
    column: str | None
    value: str | None
    reason: str


class Ingestion(BaseModel):
    """One ingestion run of one file."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str = Field(description="The store key or URI the run was asked to load")
    status: RunStatus = Field(description="queued, running, then how it ended")
    sha256: str | None
    size_bytes: int | None
    year: int | None
    force: bool
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    warnings_count: int
    rejects: list[Finding] = Field(description="The first 100 rejected rows, located")
    warnings: list[Finding] = Field(description="The first 100 warnings, located")
    notes: list[str]
    error: str | None = Field(description="Why the run failed, in words, with where")
    error_code: ErrorCode | None = Field(
        description="Why the run failed, as a code to act on (shrink_refused: run it again with "
        "force); null unless failed, and for runs that failed before codes were recorded"
    )
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
