"""`gridlens ingest` on a terminal: pick the files, show progress, one summary line each."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer

from gridlens.ingest.batch import pending_keys
from gridlens.ingest.pipeline import Limits, ingest_object
from gridlens.ingest.records import Outcome
from gridlens.outcomes import RunStatus, SourceKind
from gridlens.runs.text import findings
from gridlens.settings import Settings
from gridlens.store.base import ObjectStore, StoreError
from gridlens.store.factory import open_store, resolve

BAR_FROM_BYTES = 20 << 20  # small files finish before a bar would be worth drawing


def run_ingest(
    settings: Settings, sources: list[str], *, force: bool, max_reject_ratio: float
) -> int:
    """Ingest sources (or every pending store object); exit code 0 when none was refused."""
    limits = Limits(
        max_reject_ratio=max_reject_ratio,
        max_shrink_ratio=settings.max_shrink_ratio,
        force=force,
        chunk_rows=settings.chunk_rows,
    )
    try:
        default = open_store(settings.store_url)
        # A run records the source as the person named it; a store key for the default store.
        targets = [(*resolve(spec, default), spec) for spec in sources] or [
            (default, key, key) for key in pending_keys(default, settings.database_url)
        ]
    except StoreError as error:
        typer.echo(f"error: {error}", err=True)
        return 2
    if not targets:
        typer.echo(f"nothing to ingest: every CSV in {default.url} is already ingested")
        return 0
    failed = 0
    for store, key, source in targets:
        with _progress_bar(store, key) as on_bytes:
            outcome = ingest_object(
                store,
                key,
                database_url=settings.database_url,
                source=source,
                limits=limits,
                on_bytes=on_bytes,
            )
        typer.echo(summary(outcome))
        for line in report_lines(outcome):
            typer.echo(line)
        if outcome.status == RunStatus.FAILED:
            failed += 1
            typer.echo(f"error: {outcome.error}", err=True)
    return 1 if failed else 0


def summary(outcome: Outcome) -> str:
    """One line per file: what happened and the counts."""
    if outcome.status == RunStatus.FAILED:
        return f"{outcome.source}: refused (run {outcome.run_id}); nothing changed"
    if outcome.kind == SourceKind.LOCATIONS:
        return _locations_summary(outcome)
    if outcome.status == RunStatus.SKIPPED:
        return (
            f"{outcome.source}: unchanged, {outcome.year} already holds it (run {outcome.run_id})"
        )
    rate = outcome.rows_read / outcome.duration_s if outcome.duration_s else 0.0
    return (
        f"{outcome.source}: {outcome.year} loaded: {outcome.rows_loaded:,} generators, "
        f"{outcome.rows_rejected:,} rejected, {outcome.rows_skipped:,} skipped, "
        f"{outcome.warnings_count:,} warnings in {outcome.duration_s:.2f}s "
        f"({rate:,.0f} rows/s, run {outcome.run_id})"
    )


def report_lines(outcome: Outcome) -> list[str]:
    """Its notes, then the first rejected rows and warnings, located."""
    run = outcome.run_id
    return [
        *(f"  note: {note}" for note in outcome.notes),
        *findings("rejected rows", outcome.rejects, outcome.rows_rejected, run),
        *findings("warnings", outcome.warnings, outcome.warnings_count, run),
    ]


def _locations_summary(outcome: Outcome) -> str:
    if outcome.status == RunStatus.SKIPPED:
        return f"{outcome.source}: unchanged, the plant locations hold it (run {outcome.run_id})"
    return (
        f"{outcome.source}: plant locations loaded: {outcome.rows_loaded:,} plants, "
        f"{outcome.rows_rejected:,} rejected, {outcome.warnings_count:,} warnings "
        f"in {outcome.duration_s:.2f}s (run {outcome.run_id})"
    )


@contextmanager
def _progress_bar(store: ObjectStore, key: str) -> Iterator[Callable[[int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    try:
        size = store.stat(key).size
    except StoreError:
        size = 0
    if size < BAR_FROM_BYTES:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(key, total=size)
        yield lambda n: bar.advance(task, n)
