"""Datasette's side of the API benchmark: a SQLite `plants` table built from the same gen23.csv."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE plants (
    plant_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    net_generation_mwh REAL,
    nameplate_mw REAL,
    generators INTEGER NOT NULL
);
CREATE INDEX ix_plants_state_generation ON plants (state, net_generation_mwh);
"""


def _number(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def _add(total: float | None, value: float | None) -> float | None:
    # Blank is unknown, as in gridlens: a plant's sum is NULL only when every generator's is.
    if value is None:
        return total
    return value if total is None else total + value


@dataclass
class _Plant:
    name: str
    state: str
    net_generation_mwh: float | None = None
    nameplate_mw: float | None = None
    generators: int = 0


def build_plants_db(gen23: Path, out: Path) -> int:
    """Write out (replacing it) with one row per ORISPL; returns the number of plants."""
    plants: dict[int, _Plant] = {}
    with gen23.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        next(reader)  # EPA's long descriptions
        header = next(reader)
        plant_at, name_at, state_at = (header.index(c) for c in ("ORISPL", "PNAME", "PSTATEABB"))
        generation_at, capacity_at = header.index("GENNTAN"), header.index("NAMEPCAP")
        for row in reader:
            if not row or not row[plant_at].strip():
                continue
            plant = plants.setdefault(int(row[plant_at]), _Plant(row[name_at], row[state_at]))
            plant.net_generation_mwh = _add(plant.net_generation_mwh, _number(row[generation_at]))
            plant.nameplate_mw = _add(plant.nameplate_mw, _number(row[capacity_at]))
            plant.generators += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with sqlite3.connect(out) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO plants VALUES (?, ?, ?, ?, ?, ?)",
            (
                (key, p.name, p.state, p.net_generation_mwh, p.nameplate_mw, p.generators)
                for key, p in sorted(plants.items())
            ),
        )
        db.execute("ANALYZE")
    db.close()
    return len(plants)
