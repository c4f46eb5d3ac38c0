"""Checks that need the whole file (copies, repeats, disagreeing plants), run in SQL on staging."""

from __future__ import annotations

from sqlalchemy import Connection, text

from gridlens.egrid.rows import Finding, FindingLog
from gridlens.ingest.staging import STAGING

# Rows identical in every field but their line: each later one is a copy of the first.
_COPIES = f"""
    SELECT line, first_line FROM (
        SELECT line, MIN(line) OVER (PARTITION BY digest) AS first_line FROM {STAGING}
    ) t WHERE line <> first_line
"""
# EPA's sequence number names one generator row; a different row with the same one is not EPA's.
_SEQ_REPEATS = f"""
    SELECT line, seq, first_line FROM (
        SELECT line, seq, MIN(line) OVER (PARTITION BY seq) AS first_line
        FROM {STAGING} WHERE seq IS NOT NULL
    ) t WHERE line <> first_line
"""
_GENERATOR_REPEATS = f"""
    SELECT line, plant_id, generator_id, first_line FROM (
        SELECT line, plant_id, generator_id,
               MIN(line) OVER (PARTITION BY plant_id, generator_id) AS first_line
        FROM {STAGING} WHERE generator_id IS NOT NULL
    ) t WHERE line <> first_line ORDER BY line
"""
_FIRST_ROWS = f"""
    SELECT plant_id, line, state, plant_name FROM (
        SELECT plant_id, line, state, plant_name,
               ROW_NUMBER() OVER (PARTITION BY plant_id ORDER BY line) AS rn
        FROM {STAGING}
    ) t WHERE rn = 1
"""
_DISAGREEING = f"""
    SELECT s.line, s.plant_id, s.state, s.plant_name, f.line, f.state, f.plant_name
    FROM {STAGING} s JOIN ({_FIRST_ROWS}) f ON f.plant_id = s.plant_id
    WHERE s.line <> f.line AND (s.state <> f.state OR s.plant_name <> f.plant_name)
    ORDER BY s.line
"""


def reject_copies(conn: Connection, rejects: FindingLog) -> int:
    """Reject (and drop from staging) copied rows and reused sequence numbers; count them."""
    before = rejects.count
    for line, first in conn.execute(text(f"{_COPIES} ORDER BY line")):
        rejects.add(Finding(line, None, None, f"copy of line {first}: every field is the same"))
    if rejects.count > before:
        conn.execute(text(f"DELETE FROM {STAGING} WHERE line IN (SELECT line FROM ({_COPIES}) c)"))
    copies = rejects.count
    for line, seq, first in conn.execute(text(f"{_SEQ_REPEATS} ORDER BY line")):
        rejects.add(
            Finding(
                line, "SEQGEN", str(seq), f"sequence number {seq} is already used on line {first}"
            )
        )
    if rejects.count > copies:
        conn.execute(
            text(f"DELETE FROM {STAGING} WHERE line IN (SELECT line FROM ({_SEQ_REPEATS}) r)")
        )
    return rejects.count - before


def warn_repeats(conn: Connection, warnings: FindingLog) -> None:
    """Warn where a plant repeats a generator ID, or its rows disagree on its name or state."""
    for line, plant_id, generator_id, first in conn.execute(text(_GENERATOR_REPEATS)):
        warnings.add(
            Finding(
                line,
                "GENID",
                generator_id,
                f"plant {plant_id} generator {generator_id!r} also on line {first}; both rows kept",
            )
        )
    for line, plant_id, state, name, first, first_state, first_name in conn.execute(
        text(_DISAGREEING)
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
