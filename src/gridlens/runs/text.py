"""A run record as a person reads it in a terminal: its findings, one run, a list of runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

SHOWN = 20  # findings `gridlens ingest` prints of each kind; `gridlens runs show` prints all kept


def finding(item: Mapping[str, Any]) -> str:
    """line 57, column GENNTAN, value 'abc': not a number"""
    where = [f"line {item['line']}"]
    if item.get("column") is not None:
        where.append(f"column {item['column']}")
    if item.get("value") is not None:
        where.append(f"value {item['value']!r}")
    return f"{', '.join(where)}: {item['reason']}"


def findings(
    title: str,
    items: Sequence[Mapping[str, Any]],
    total: int,
    run_id: int,
    limit: int | None = SHOWN,
) -> Iterator[str]:
    """A heading, the first limit findings, and how many more there are and where to see them."""
    if not total:
        return
    shown = items[:limit] if limit is not None else items
    yield f"{title} ({total:,}):"
    yield from (f"  {finding(item)}" for item in shown)
    more = total - len(shown)
    if more <= 0:
        return
    if len(shown) < len(items):
        yield f"  … and {more:,} more: `gridlens runs show {run_id}`"
    else:  # the run record keeps only the first ones
        yield f"  … and {more:,} more, not kept in the run record"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "-"


def run_line(run: Any) -> str:
    """One run in a list: id, status, when, year, rows loaded and rejected, source."""
    year = run.year if run.year is not None else "-"
    status = run.status if not run.error_code else f"{run.status} ({run.error_code})"
    return (
        f"{run.id:>5}  {status:<34} {_when(run.created_at)}  {year!s:>4}  "
        f"{run.rows_loaded:>9,} loaded {run.rows_rejected:>7,} rejected  {run.source}"
    )


def run_detail(run: Any) -> Iterator[str]:
    """Every field of one run, then all the findings it kept."""
    yield f"run {run.id}: {run.source}"
    fields = [
        ("status", run.status),
        ("error code", run.error_code),
        ("error", run.error),
        ("year", run.year),
        ("sha256", run.sha256),
        ("size", None if run.size_bytes is None else f"{run.size_bytes:,} bytes"),
        ("forced", "yes" if run.force else None),
        ("rows read", f"{run.rows_read:,}"),
        ("rows loaded", f"{run.rows_loaded:,}"),
        ("rows rejected", f"{run.rows_rejected:,}"),
        ("rows skipped", f"{run.rows_skipped:,}"),
        ("warnings", f"{run.warnings_count:,}"),
        ("queued", _when(run.created_at)),
        ("started", _when(run.started_at)),
        ("finished", _when(run.finished_at)),
        ("duration", None if run.duration_s is None else f"{run.duration_s:.2f} s"),
        ("worker", run.worker),
    ]
    yield from (f"  {name + ':':<15}{value}" for name, value in fields if value is not None)
    yield from (f"  note: {note}" for note in run.notes)
    rejects = [item.model_dump() for item in run.rejects]
    warnings = [item.model_dump() for item in run.warnings]
    yield from findings("rejected rows", rejects, run.rows_rejected, run.id, limit=None)
    yield from findings("warnings", warnings, run.warnings_count, run.id, limit=None)
