"""Checks that need the whole file (copies, repeats, disagreeing plants), run in SQL on staging.

Given the candidates gathered while the rows streamed (ingest.repeats), each looks only at the rows
that may hold a repeat, through the staged table's index.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from gridlens.egrid.rows import Finding, FindingLog, ReadReport
from gridlens.ingest import staging
from gridlens.ingest.errors import IngestRefused
from gridlens.ingest.staging import staging_table
from gridlens.outcomes import ErrorCode


class Candidates(NamedTuple):
    """Where repeats may be (ingest.repeats): the checks look only at the rows holding them."""

    year: int  # of every staged row: with a plant, the key of the staged table's index
    copy_plants: list[int]  # plants that may hold a copied row (a copy is of its own plant)
    seqs: list[int]  # sequence numbers on more than one row
    generator_plants: list[int]  # plants that may repeat a generator ID
    mixed_plants: list[int]  # plants whose rows may disagree on state or name
    fuel_plants: list[int]  # plants that may have more than one fuel


# Rows identical in every field but their line: each later one is a copy of the first.
def _copies(table: str, only: str) -> str:
    return f"""
        SELECT line, first_line FROM (
            SELECT line, MIN(line) OVER (PARTITION BY digest) AS first_line FROM {table}
            WHERE {only}
        ) t WHERE line <> first_line
    """


# EPA's sequence number names one generator row; a different row with the same one is not EPA's.
def _seq_repeats(table: str, only: str) -> str:
    return f"""
        SELECT line, seq, first_line FROM (
            SELECT line, seq, MIN(line) OVER (PARTITION BY seq) AS first_line FROM {table}
            WHERE seq IS NOT NULL AND {only}
        ) t WHERE line <> first_line
    """


def _generator_repeats(table: str, only: str) -> str:
    return f"""
        SELECT line, plant_id, generator_id, first_line FROM (
            SELECT line, plant_id, generator_id,
                   MIN(line) OVER (PARTITION BY plant_id, generator_id) AS first_line
            FROM {table} WHERE generator_id IS NOT NULL AND {only}
        ) t WHERE line <> first_line ORDER BY line
    """


def _disagreeing(table: str, only: str, bytewise: str) -> str:
    # A plant whose rows all agree has one state and one name: MIN = MAX (compared bytewise).
    return f"""
        WITH mixed AS (
            SELECT plant_id FROM {table} WHERE {only} GROUP BY plant_id
            HAVING MIN(state{bytewise}) <> MAX(state{bytewise})
                OR MIN(plant_name{bytewise}) <> MAX(plant_name{bytewise})
        ), ranked AS (
            SELECT line, plant_id, state, plant_name,
                   ROW_NUMBER() OVER (PARTITION BY plant_id ORDER BY line) AS rn
            FROM {table} WHERE {only} AND plant_id IN (SELECT plant_id FROM mixed)
        )
        SELECT s.line, s.plant_id, s.state, s.plant_name, f.line, f.state, f.plant_name
        FROM ranked s JOIN ranked f ON f.plant_id = s.plant_id AND f.rn = 1
        WHERE s.rn > 1 AND (s.state <> f.state OR s.plant_name <> f.plant_name)
        ORDER BY s.line
    """


def _among(
    conn: Connection, column: str, keys: list[int], year: int
) -> tuple[str, dict[str, Any]] | None:
    """The condition keeping the rows whose column holds one of keys (candidates of year), or
    None (no row to check) when there are none."""
    if not keys:
        return None
    return f"year = :year AND {staging.among(conn, column)}", {
        "year": year,
        "keys": staging.keys(conn, keys),
    }


def reject_copies(conn: Connection, rejects: FindingLog, candidates: Candidates) -> int:
    """Reject (and drop from staging) copied rows and reused sequence numbers; count them."""
    table = staging_table(conn)
    before = rejects.count
    if where := _among(conn, "plant_id", candidates.copy_plants, candidates.year):
        copies, keys = _copies(table, where[0]), where[1]
        for line, first in conn.execute(text(f"{copies} ORDER BY line"), keys):
            rejects.add(Finding(line, None, None, f"copy of line {first}: every field is the same"))
        if rejects.count > before:
            _delete(conn, table, f"SELECT line FROM ({copies}) c", keys)
    copied = rejects.count
    if where := _among(conn, "seq", candidates.seqs, candidates.year):
        seq_repeats, keys = _seq_repeats(table, where[0]), where[1]
        for line, seq, first in conn.execute(text(f"{seq_repeats} ORDER BY line"), keys):
            rejects.add(
                Finding(
                    line,
                    "SEQGEN",
                    str(seq),
                    f"sequence number {seq} is already used on line {first}",
                )
            )
        if rejects.count > copied:
            _delete(conn, table, f"SELECT line FROM ({seq_repeats}) r", keys)
    return rejects.count - before


def _delete(conn: Connection, table: str, lines: str, keys: dict[str, Any]) -> None:
    """Drops the rows at lines from staging; where a plant's first row goes, the next one is
    flagged first_row (a copy never is: the row it copies comes first)."""
    deleted = conn.execute(
        text(f"DELETE FROM {table} WHERE line IN ({lines}) RETURNING plant_id, first_row"), keys
    )
    plants = sorted({plant_id for plant_id, first in deleted if first})
    if plants:
        conn.execute(
            text(
                f"UPDATE {table} SET first_row = TRUE WHERE line IN (SELECT MIN(line) FROM "
                f"{table} WHERE {staging.among(conn, 'plant_id')} GROUP BY plant_id)"
            ),
            {"keys": staging.keys(conn, plants)},
        )


def warn_repeats(conn: Connection, warnings: FindingLog, candidates: Candidates) -> None:
    """Warn where a plant repeats a generator ID, or its rows disagree on its name or state."""
    table = staging_table(conn)
    if where := _among(conn, "plant_id", candidates.generator_plants, candidates.year):
        for line, plant_id, generator_id, first in conn.execute(
            text(_generator_repeats(table, where[0])), where[1]
        ):
            warnings.add(
                Finding(
                    line,
                    "GENID",
                    generator_id,
                    f"plant {plant_id} generator {generator_id!r} also on line {first}; "
                    "both rows kept",
                )
            )
    if not (where := _among(conn, "plant_id", candidates.mixed_plants, candidates.year)):
        return
    bytewise = ' COLLATE "C"' if conn.dialect.name == "postgresql" else ""
    for line, plant_id, state, name, first, first_state, first_name in conn.execute(
        text(_disagreeing(table, where[0], bytewise)), where[1]
    ):
        if state != first_state:
            warnings.add(
                Finding(
                    line,
                    "state",
                    state,
                    f"plant {plant_id} is in {first_state} on line {first}; {first_state} kept",
                )
            )
        if name != first_name:
            warnings.add(
                Finding(
                    line,
                    "PNAME",
                    name,
                    f"plant {plant_id} is named {first_name!r} on line {first}; that name kept",
                )
            )


def refuse_many_rejects(source: str, report: ReadReport, max_reject_ratio: float) -> None:
    """Refuse a file when more of its rows were rejected than max_reject_ratio allows."""
    data_rows = report.rows_read - report.rows_skipped
    rejected = report.rejects.count
    if data_rows and rejected / data_rows > max_reject_ratio:
        first = report.rejects.first[0]
        raise IngestRefused(
            source,
            f"{rejected:,} of {data_rows:,} rows rejected ({rejected / data_rows:.1%}), more than "
            f"the {max_reject_ratio:.1%} allowed (--max-reject-ratio); the first: "
            f"{first.reason} ({first.column}={first.value!r})",
            line=first.line,
            column=first.column,
            code=ErrorCode.TOO_MANY_REJECTS,
        )
