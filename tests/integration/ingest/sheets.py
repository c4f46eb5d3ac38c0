"""Build small generator sheets in EPA's layout for tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

HEADER = [
    "SEQGEN23", "YEAR", "PSTATEABB", "PNAME", "ORISPL", "GENID", "NUMBLR", "GENSTAT", "PRMVR",
    "FUELG1", "NAMEPCAP", "CFACT", "GENNTAN", "GENNTOZ", "GENERSRC", "GENYRONL", "GENYRRET",
]  # fmt: skip


def gen(
    plant_id: int,
    generator_id: str,
    mwh: str,
    *,
    state: str = "TX",
    name: str | None = None,
    fuel: str = "NG",
    capacity: str = "100",
    year: str = "2023",
) -> dict[str, str]:
    """One generator row; numbers as text so tests can write any format."""
    return {
        "YEAR": year,
        "PSTATEABB": state,
        "PNAME": name or f"Plant {plant_id}",
        "ORISPL": str(plant_id),
        "GENID": generator_id,
        "FUELG1": fuel,
        "NAMEPCAP": capacity,
        "GENNTAN": mwh,
    }


def write_sheet(path: Path, generators: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    """A sheet with a description row, the abbreviation row, and SEQGEN numbered from 1."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"description of {name}" for name in header])
    writer.writerow(header)
    for seq, row in enumerate(generators, start=1):
        writer.writerow(
            [row.get(name, str(seq) if name.startswith("SEQGEN") else "") for name in header]
        )
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def plants_sheet(path: Path, count: int, mwh: float = 1000.0, year: str = "2023") -> Path:
    """count one-generator plants numbered from 1, each generating mwh + its number."""
    return write_sheet(path, [gen(i, "1", str(mwh + i), year=year) for i in range(1, count + 1)])
