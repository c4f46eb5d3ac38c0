"""One ingestion: stream a sheet into staging, check it, swap its year in, record the run."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

import structlog
from sqlalchemy import Connection

from gridlens.db.engine import get_engine
from gridlens.egrid.rows import ReadReport
from gridlens.egrid.sheet import SheetError, SheetReader
from gridlens.ingest import checks, records, replace, staging
from gridlens.ingest.errors import IngestRefused
from gridlens.ingest.reading import HashingLines
from gridlens.ingest.records import Outcome
from gridlens.store.base import ObjectStore, StoreError

log = structlog.get_logger("gridlens.ingest")


@dataclass(frozen=True)
class Limits:
    """When a file is refused rather than loaded."""

    max_reject_ratio: float = 0.01
    max_shrink_ratio: float = 0.10
    force: bool = False
    chunk_rows: int = 20_000


class _Progress:
    """Writes rows-read to the run record as chunks land, on its own short transactions."""

    def __init__(self, database_url: str, run_id: int) -> None:
        self._engine = get_engine(database_url)
        self._run_id = run_id

    def __call__(self, rows_read: int) -> None:
        with self._engine.begin() as conn:
            records.progress(conn, self._run_id, rows_read)


def ingest_object(
    store: ObjectStore,
    key: str,
    *,
    database_url: str,
    source: str | None = None,
    limits: Limits | None = None,
    run_id: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Outcome:
    """Ingest one object; never raises for a bad file: the outcome says failed and why."""
    limits = limits or Limits()
    source = source or key
    engine = get_engine(database_url)
    if run_id is None:
        with engine.begin() as conn:
            run_id = records.open_run(conn, source, limits.force)
    started = time.perf_counter()
    outcome = Outcome(run_id=run_id, source=source, status="failed")
    try:
        with engine.connect() as conn, conn.begin():
            _load(conn, store, key, outcome, limits, database_url, on_bytes)
            outcome.duration_s = time.perf_counter() - started
            records.close_run(conn, outcome)
    except _Unchanged:
        outcome.status = "skipped"
    except (IngestRefused, SheetError, StoreError) as error:
        outcome.status, outcome.error = "failed", str(error)
    except Exception as error:
        log.exception("ingestion crashed", source=source, run_id=run_id)
        outcome.status, outcome.error = "failed", f"{type(error).__name__}: {error}"
    outcome.duration_s = time.perf_counter() - started
    if outcome.status != "succeeded":
        with engine.begin() as conn:
            records.close_run(conn, outcome)
    log.info(
        "ingestion finished",
        source=source,
        run_id=run_id,
        status=outcome.status,
        year=outcome.year,
        rows_read=outcome.rows_read,
        rows_loaded=outcome.rows_loaded,
        rows_rejected=outcome.rows_rejected,
        rows_skipped=outcome.rows_skipped,
        duration_s=round(outcome.duration_s, 3),
        error=outcome.error,
    )
    return outcome


class _Unchanged(Exception):
    """The year already holds this file: leave the transaction without a change."""


def _load(
    conn: Connection,
    store: ObjectStore,
    key: str,
    outcome: Outcome,
    limits: Limits,
    database_url: str,
    on_bytes: Callable[[int], None] | None,
) -> None:
    """Fill outcome as the file is read, checked and swapped in; raise to refuse it."""
    source = outcome.source
    with closing(store.open(key)) as stream:
        lines = HashingLines(stream, on_bytes)
        report, staged = _stage(
            conn, lines, source, limits, _Progress(database_url, outcome.run_id)
        )
    outcome.take_report(report)
    outcome.sha256, outcome.size_bytes = lines.sha256(), lines.size
    outcome.notes = _notes(report)
    _refuse_many_rejects(source, report, limits)
    year = report.year
    assert year is not None  # _stage refuses a sheet without rows

    replace.lock_year(conn, year)
    if replace.year_sha256(conn, year) == outcome.sha256:
        outcome.notes.append(
            f"{year} already holds this exact file (same SHA-256): nothing changed"
        )
        raise _Unchanged
    before = replace.stored_generators(conn, year)
    if before and staged < (1 - limits.max_shrink_ratio) * before and not limits.force:
        raise IngestRefused(
            source,
            f"would replace {before:,} generators of {year} with {staged:,} "
            f"({1 - staged / before:.1%} fewer, more than {limits.max_shrink_ratio:.0%}); "
            "if the smaller file is right, ingest it again with --force",
        )
    generators, plants = replace.replace_year(conn, year)
    replace.record_dataset(
        conn,
        year=year,
        sha256=outcome.sha256,
        source=source,
        run_id=outcome.run_id,
        generators=generators,
        plants=plants,
    )
    if before:
        outcome.notes.append(f"replaced {year}: {before:,} generators before, {generators:,} now")
    outcome.status, outcome.rows_loaded = "succeeded", generators


def _stage(
    conn: Connection,
    lines: HashingLines,
    source: str,
    limits: Limits,
    progress: Callable[[int], None],
) -> tuple[ReadReport, int]:
    """Parse and bulk-load every row into staging, then run the whole-file checks there."""
    reader = SheetReader(lines, source, limits.chunk_rows)
    staging.create_staging(conn)
    loader = staging.StagingLoader(conn)
    for chunk in reader.chunks():
        loader.load(chunk)
        progress(reader.report.rows_read)
    report = reader.report
    if report.year is None or loader.rows == 0:
        raise IngestRefused(source, "no generator rows found after the header")
    staging.index_staging(conn)
    dropped = checks.reject_copies(conn, report.rejects)
    checks.warn_repeats(conn, report.warnings)
    return report, loader.rows - dropped


def _refuse_many_rejects(source: str, report: ReadReport, limits: Limits) -> None:
    data_rows = report.rows_read - report.rows_skipped
    rejected = report.rejects.count
    if data_rows and rejected / data_rows > limits.max_reject_ratio:
        first = report.rejects.first[0]
        raise IngestRefused(
            source,
            f"{rejected:,} of {data_rows:,} rows rejected ({rejected / data_rows:.1%}), more than "
            f"the {limits.max_reject_ratio:.1%} allowed (--max-reject-ratio); the first: "
            f"{first.reason} ({first.column}={first.value!r})",
            line=first.line,
            column=first.column,
        )


def _notes(report: ReadReport) -> list[str]:
    notes = []
    if report.cp1252_lines:
        notes.append(
            f"{report.cp1252_lines:,} lines were not UTF-8 and were decoded as Windows-1252"
        )
    if report.rows_skipped:
        notes.append(f"{report.rows_skipped:,} junk rows with no plant code were skipped")
    return notes
