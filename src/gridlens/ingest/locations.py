"""Loading an EIA plant-locations file: all locations replaced in the run's transaction."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, func, insert, select, text

from gridlens.db.tables import LocationDataset, Plant, PlantLocation
from gridlens.egrid.locations import LocationReader, LocationRow, is_locations_header
from gridlens.egrid.rows import Finding, FindingLog, ReadReport
from gridlens.egrid.states import STATES
from gridlens.ingest.checks import refuse_many_rejects
from gridlens.ingest.errors import IngestRefused
from gridlens.ingest.reading import HashingLines
from gridlens.ingest.records import Outcome
from gridlens.outcomes import ErrorCode, RunStatus, SourceKind
from gridlens.store.base import ObjectStore
from gridlens.tracing import tracer

if TYPE_CHECKING:
    from gridlens.ingest.pipeline import Limits

SNIFF_BYTES = 64 << 10
INSERT_ROWS = 2_000
_FIELDS = LocationRow._fields


def is_locations(store: ObjectStore, key: str) -> bool:
    """Whether the object is a plant-locations file, from its header line."""
    with closing(store.open(key)) as stream:
        head = stream.read(SNIFF_BYTES)
    return is_locations_header(head.split(b"\n", 1)[0])


def load_locations(
    conn: Connection,
    store: ObjectStore,
    key: str,
    outcome: Outcome,
    limits: Limits,
    on_bytes: Callable[[int], None] | None,
) -> bool:
    """Replace every stored location with the file's; False when it holds this file already."""
    outcome.kind = SourceKind.LOCATIONS
    source = outcome.source
    # The spans a generator sheet's run has (ingest/pipeline.py), so traces of both read alike.
    with tracer.start_as_current_span("read"), closing(store.open(key)) as stream:
        lines = HashingLines(stream, on_bytes)
        reader = LocationReader(lines, source)
        located = list(reader.rows())
    report = reader.report
    outcome.take_report(report)
    outcome.sha256, outcome.size_bytes = lines.sha256(), lines.size
    with tracer.start_as_current_span("validate"):
        before = _validate(conn, outcome, report, located, limits)
        if before is None:
            return False
    with tracer.start_as_current_span("swap"):
        _swap(conn, outcome, report, located, before)
    return True


def _validate(
    conn: Connection,
    outcome: Outcome,
    report: ReadReport,
    located: list[LocationRow],
    limits: Limits,
) -> int | None:
    """Refuse the file, or find it loaded already (None); else how many locations are stored."""
    source = outcome.source
    if not located:
        raise IngestRefused(
            source, "no plant-location rows found after the header", code=ErrorCode.NO_LOCATION_ROWS
        )
    refuse_many_rejects(source, report, limits.max_reject_ratio)

    if conn.dialect.name == "postgresql":
        # Two loads of locations never interleave; "grid" namespace as ingest.replace, key -1.
        conn.execute(text("SELECT pg_advisory_xact_lock(1735551332, -1)"))
    held = conn.execute(select(LocationDataset.sha256)).scalars().all()
    if outcome.sha256 in held:
        outcome.notes.append("the plant locations already come from this exact file (same SHA-256)")
        return None
    before = int(conn.execute(select(func.count()).select_from(PlantLocation)).scalar_one())
    after = len(located)
    if before and after < (1 - limits.max_shrink_ratio) * before and not limits.force:
        raise IngestRefused(
            source,
            f"would replace {before:,} plant locations with {after:,} "
            f"({1 - after / before:.1%} fewer, more than {limits.max_shrink_ratio:.0%}); "
            "if the smaller file is right, ingest it again with --force",
            code=ErrorCode.SHRINK_REFUSED,
        )
    return before


def _swap(
    conn: Connection,
    outcome: Outcome,
    report: ReadReport,
    located: list[LocationRow],
    before: int,
) -> None:
    """The file's locations become the only ones, with the dataset record naming it."""
    source, after = outcome.source, len(located)
    conn.execute(delete(PlantLocation))
    for at in range(0, after, INSERT_ROWS):
        chunk = located[at : at + INSERT_ROWS]
        conn.execute(insert(PlantLocation), [dict(zip(_FIELDS, row, strict=True)) for row in chunk])
    # The planner's row counts for the map's and top-N's joins: 0 rows until analysed.
    conn.execute(text(f"ANALYZE {PlantLocation.__tablename__}"))
    periods = sorted({row.period for row in located if row.period})
    conn.execute(delete(LocationDataset))
    conn.execute(
        insert(LocationDataset).values(
            sha256=outcome.sha256,
            source=source,
            ingestion_id=outcome.run_id,
            locations=after,
            period=periods[-1] if periods else None,
        )
    )
    _warn_other_states(conn, report.warnings, located)
    outcome.take_report(report)
    outcome.notes.append(
        f"plant locations{f' of {periods[-1]}' if periods else ''}: {after:,} plants"
        + (f", replacing {before:,}" if before else "")
    )
    outcome.status, outcome.rows_loaded = RunStatus.SUCCEEDED, after


def _warn_other_states(conn: Connection, warnings: FindingLog, located: list[LocationRow]) -> None:
    """A location whose state is not eGRID's for the plant is kept, and warned about."""
    other = conn.execute(
        select(
            PlantLocation.plant_id,
            Plant.state,
            func.min(Plant.year).label("first"),
            func.max(Plant.year).label("last"),
        )
        .join(Plant, Plant.plant_id == PlantLocation.plant_id)
        .where(Plant.state != PlantLocation.state)
        .group_by(PlantLocation.plant_id, Plant.state)
        .order_by(PlantLocation.plant_id, Plant.state)
    ).all()
    if not other:
        return
    by_plant = {row.plant_id: row for row in located}
    findings = []
    for plant_id, state, first, last in other:
        row = by_plant[plant_id]
        years = str(first) if first == last else f"{first}-{last}"
        reason = f"eGRID places plant {plant_id} in {state} ({years}); the location is kept"
        findings.append(Finding(row.line, "State", STATES.get(row.state, row.state), reason))
    for finding in sorted(findings, key=lambda f: f.line):
        warnings.add(finding)
