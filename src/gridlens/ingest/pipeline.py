"""One ingestion: stream a sheet into staging, check it, swap its year in, record the run."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack, closing
from dataclasses import dataclass

import structlog
from sqlalchemy import Connection
from sqlalchemy.exc import InterfaceError, OperationalError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from gridlens.db.engine import get_engine
from gridlens.egrid.rows import ReadReport
from gridlens.egrid.sheet import SheetError
from gridlens.ingest import checks, locations, records, replace, staging
from gridlens.ingest.errors import IngestRefused, error_code
from gridlens.ingest.lease import hold, lease_connection
from gridlens.ingest.reading import HashingLines
from gridlens.ingest.records import Outcome
from gridlens.metrics import INGESTION_DURATION, INGESTION_ROWS, INGESTION_RUNS
from gridlens.outcomes import ErrorCode, RunStatus
from gridlens.store.base import ObjectStore, StoreError, StoreUnavailable
from gridlens.tracing import tracer

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


@dataclass(frozen=True)
class Retry:
    """How long a run keeps trying through store or database outages before it fails."""

    attempts: int = 5
    first_wait_s: float = 0.5
    max_wait_s: float = 8.0


# Outages worth waiting out: the store or the database did not answer. A bad file is not.
TRANSIENT = (StoreUnavailable, OperationalError, InterfaceError)


def ingest_object(
    store: ObjectStore,
    key: str,
    *,
    database_url: str,
    source: str | None = None,
    limits: Limits | None = None,
    retry: Retry | None = None,
    run_id: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Outcome:
    """Ingest one object; never raises for a bad file: the outcome says failed and why.

    With run_id the caller has claimed a queued run and holds its lease; without, one is opened.
    """
    limits, retry, source = limits or Limits(), retry or Retry(), source or key
    with ExitStack() as stack:
        span = stack.enter_context(tracer.start_as_current_span("ingestion run"))
        span.set_attribute("gridlens.source", source)
        if run_id is None:
            lease = stack.enter_context(lease_connection(database_url))
            with lease.begin():
                run_id = records.open_run(lease, source, limits.force)
                hold(lease, run_id)
        started = time.perf_counter()
        outcome = Outcome(run_id=run_id, source=source, status=RunStatus.FAILED)
        try:
            for attempt in Retrying(
                retry=retry_if_exception_type(TRANSIENT),
                stop=stop_after_attempt(retry.attempts),
                wait=wait_exponential(multiplier=retry.first_wait_s, max=retry.max_wait_s),
                before_sleep=_log_retry(source, run_id),
                reraise=True,
            ):
                with attempt:
                    outcome = Outcome(run_id=run_id, source=source, status=RunStatus.FAILED)
                    _attempt(store, key, outcome, limits, database_url, on_bytes)
        except (IngestRefused, SheetError, StoreError, *TRANSIENT) as error:
            outcome.status, outcome.error = RunStatus.FAILED, str(error)
            outcome.error_code = error_code(error)
        except Exception as error:
            log.exception("ingestion crashed", source=source, run_id=run_id)
            outcome.status, outcome.error = RunStatus.FAILED, f"{type(error).__name__}: {error}"
            outcome.error_code = ErrorCode.INTERNAL_ERROR
        outcome.duration_s = time.perf_counter() - started
        span.set_attributes(
            {
                "gridlens.run_id": run_id,
                "gridlens.status": outcome.status.value,
                "gridlens.kind": outcome.kind.value,
            }
        )
        if outcome.status != RunStatus.SUCCEEDED:
            with get_engine(database_url).begin() as conn:
                records.close_run(conn, outcome)
        _report(outcome)  # inside the run's span: its log line carries the trace id
    return outcome


def _attempt(
    store: ObjectStore,
    key: str,
    outcome: Outcome,
    limits: Limits,
    database_url: str,
    on_bytes: Callable[[int], None] | None,
) -> None:
    """One all-or-nothing try: the data and the run's success commit together, or neither.

    A generator sheet replaces its year; a plant-locations file (told by its header) every location.
    """
    started = time.perf_counter()
    try:
        with get_engine(database_url).connect() as conn, conn.begin():
            if locations.is_locations(store, key):
                if not locations.load_locations(conn, store, key, outcome, limits, on_bytes):
                    raise _Unchanged
            else:
                _load(conn, store, key, outcome, limits, database_url, on_bytes)
            outcome.duration_s = time.perf_counter() - started
            records.close_run(conn, outcome)
    except _Unchanged:
        outcome.status = RunStatus.SKIPPED


def _log_retry(source: str, run_id: int) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.warning(
            "ingestion retrying after an outage",
            source=source,
            run_id=run_id,
            attempt=state.attempt_number,
            wait_s=round(state.upcoming_sleep, 2),
            error=str(error),
        )

    return before_sleep


def _report(outcome: Outcome) -> None:
    INGESTION_RUNS.labels(status=outcome.status.value).inc()
    INGESTION_DURATION.observe(outcome.duration_s)
    for kind in ("read", "loaded", "rejected", "skipped"):
        INGESTION_ROWS.labels(kind=kind).inc(getattr(outcome, f"rows_{kind}"))
    log.info(
        "ingestion finished",
        source=outcome.source,
        run_id=outcome.run_id,
        status=outcome.status.value,
        error_code=outcome.error_code and outcome.error_code.value,
        year=outcome.year,
        rows_read=outcome.rows_read,
        rows_loaded=outcome.rows_loaded,
        rows_rejected=outcome.rows_rejected,
        rows_skipped=outcome.rows_skipped,
        duration_s=round(outcome.duration_s, 3),
        error=outcome.error,
    )


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
    # "read" streams the file: parsed and loaded into staging as it arrives, so it is the load too.
    with tracer.start_as_current_span("read"), closing(store.open(key)) as stream:
        lines = HashingLines(stream, on_bytes)
        report, staged = _stage(
            conn, lines, source, limits, _Progress(database_url, outcome.run_id)
        )
    outcome.take_report(report)
    outcome.sha256, outcome.size_bytes = lines.sha256(), lines.size
    outcome.notes = _notes(report)
    with tracer.start_as_current_span("validate"):
        before = _validate(conn, outcome, report, staged, limits)
    with tracer.start_as_current_span("swap"):
        _swap(conn, outcome, before)


def _validate(
    conn: Connection, outcome: Outcome, report: ReadReport, staged: int, limits: Limits
) -> int:
    """Refuse the file, or find it loaded already; else lock the year for the swap and return
    how many generators it holds now."""
    source = outcome.source
    checks.refuse_many_rejects(source, report, limits.max_reject_ratio)
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
            code=ErrorCode.SHRINK_REFUSED,
        )
    return before


def _swap(conn: Connection, outcome: Outcome, before: int) -> None:
    """The staged rows become the year's, with the dataset record naming this file."""
    year, source = outcome.year, outcome.source
    assert year is not None  # _validate had it
    assert outcome.sha256 is not None
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
    outcome.status, outcome.rows_loaded = RunStatus.SUCCEEDED, generators


def _stage(
    conn: Connection,
    lines: HashingLines,
    source: str,
    limits: Limits,
    progress: Callable[[int], None],
) -> tuple[ReadReport, int]:
    """Parse and bulk-load every row into staging, then run the whole-file checks there."""
    # Polars only once a sheet is read: `gridlens --help` and the other commands start without it.
    from gridlens.egrid.frames import FrameReader
    from gridlens.ingest.repeats import Repeats

    staging.create_staging(conn)
    frames, repeats = FrameReader(lines.blocks(), source, limits.chunk_rows), Repeats()
    report = frames.report
    staged = staging.load(conn, frames.frames(), lambda: progress(report.rows_read), repeats.add)
    candidates = repeats.candidates(report.year or 0)
    if report.year is None or staged == 0:
        message = "no generator rows found after the header"
        raise IngestRefused(source, message, code=ErrorCode.NO_GENERATOR_ROWS)
    staging.keep_fuel_plants(conn, candidates.fuel_plants)
    staging.index_staging(conn)
    dropped = checks.reject_copies(conn, report.rejects, candidates)
    checks.warn_repeats(conn, report.warnings, candidates)
    return report, staged - dropped


def _notes(report: ReadReport) -> list[str]:
    notes = []
    if report.cp1252_lines:
        notes.append(
            f"{report.cp1252_lines:,} lines were not UTF-8 and were decoded as Windows-1252"
        )
    if report.rows_skipped:
        notes.append(f"{report.rows_skipped:,} junk rows with no plant code were skipped")
    return notes
