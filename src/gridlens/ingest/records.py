"""The run record of an ingestion: opened before reading, closed with its outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from gridlens.audit import events
from gridlens.db.tables import Ingestion
from gridlens.egrid.rows import ReadReport
from gridlens.ingest.lease import worker_name
from gridlens.outcomes import ErrorCode, RunStatus, SourceKind


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Outcome:
    """What one run did, as recorded and printed."""

    run_id: int
    source: str
    status: RunStatus
    kind: SourceKind = SourceKind.GENERATORS  # what the file turned out to be
    year: int | None = None
    sha256: str | None = None
    size_bytes: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    warnings_count: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    error_code: ErrorCode | None = None
    duration_s: float = 0.0

    def take_report(self, report: ReadReport) -> None:
        """Copy what reading and checking the sheet found."""
        self.year = report.year
        self.rows_read = report.rows_read
        self.rows_skipped = report.rows_skipped
        self.rows_rejected = report.rejects.count
        self.warnings_count = report.warnings.count
        self.rejects = [f.as_dict() for f in report.rejects.first]
        self.warnings = [f.as_dict() for f in report.warnings.first]

    def values(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "year": self.year,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "rows_skipped": self.rows_skipped,
            "warnings_count": self.warnings_count,
            "rejects": self.rejects,
            "warnings": self.warnings,
            "notes": self.notes,
            "error": self.error,
            "error_code": self.error_code,
            "duration_s": round(self.duration_s, 3),
            "finished_at": now(),
        }


def open_run(conn: Connection, source: str, force: bool) -> int:
    """A new run record in status running; returns its id."""
    result = conn.execute(
        insert(Ingestion)
        .values(
            source=source,
            status=RunStatus.RUNNING,
            force=force,
            started_at=now(),
            worker=worker_name(),
        )
        .returning(Ingestion.id)
    )
    return int(result.scalar_one())


def progress(conn: Connection, run_id: int, rows_read: int) -> None:
    conn.execute(update(Ingestion).where(Ingestion.id == run_id).values(rows_read=rows_read))


def close_run(conn: Connection, outcome: Outcome) -> None:
    """The run's end, and its audit event, in the caller's transaction."""
    conn.execute(update(Ingestion).where(Ingestion.id == outcome.run_id).values(**outcome.values()))
    detail: dict[str, Any] = {
        "run_id": outcome.run_id,
        "year": outcome.year,
        "rows_loaded": outcome.rows_loaded,
    }
    if outcome.error:
        detail["error"] = outcome.error[:500]
    events.record(
        conn,
        events.SYSTEM_ACTOR,
        events.Action.INGESTION_FINISHED,
        outcome.source,
        events.Outcome(outcome.status),
        detail,
    )
