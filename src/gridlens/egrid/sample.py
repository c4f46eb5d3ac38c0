"""A synthetic generator sheet in EPA's GEN23 layout, for running gridlens without EPA's file."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator

from gridlens.egrid.states import STATES

SYNTHETIC_PREFIX = "SYNTHETIC "
_DESCRIPTIONS = (
    "Generator file sequence number,Data Year,Plant state abbreviation,Plant name,"
    "DOE/EIA ORIS plant or facility code,Generator ID,Number of associated boilers,"
    "Generator status,Generator prime mover type,Generator primary fuel,"
    "Generator nameplate capacity (MW),Generator capacity factor,"
    "Generator annual net generation (MWh),Generator ozone season net generation (MWh),"
    "Generation data source,Generator year on-line,Generator planned or actual retirement year"
)
_ABBREVIATIONS = (
    "SEQGEN{yy},YEAR,PSTATEABB,PNAME,ORISPL,GENID,NUMBLR,GENSTAT,PRMVR,FUELG1,NAMEPCAP,CFACT,"
    "GENNTAN,GENNTOZ,GENERSRC,GENYRONL,GENYRRET"
)
# (fuel, prime mover, typical capacity factor, can be negative)
_KINDS = [
    ("NG", "CT", 0.45, False),
    ("NUC", "ST", 0.92, False),
    ("SUB", "ST", 0.5, False),
    ("WND", "WT", 0.35, False),
    ("SUN", "PV", 0.24, False),
    ("WAT", "HY", 0.4, False),
    ("MWH", "BA", 0.0, True),
]


def sample_rows(year: int = 2023, plants: int = 1500, seed: int = 2023) -> Iterator[list[str]]:
    """Data rows of a plausible, clearly synthetic sheet; deterministic for a seed."""
    rng = random.Random(seed)
    codes = sorted(STATES)
    seq = 0
    for index in range(plants):
        plant_id = 900_000 + index
        state = codes[index % len(codes)]
        name = f"{SYNTHETIC_PREFIX}{STATES[state]} Plant {index + 1}"
        fuel, mover, factor, storage = rng.choice(_KINDS)
        for unit in range(rng.randint(1, 4)):
            seq += 1
            capacity = round(rng.uniform(1, 600 if fuel != "NUC" else 1300), 1)
            if storage:
                generation: float | None = round(-capacity * rng.uniform(5, 80), 3)
            elif rng.random() < 0.03:
                generation = None  # unknown, as EPA's sheets have it
            else:
                generation = round(capacity * 8760 * factor * rng.uniform(0.6, 1.1), 3)
            yield [
                str(seq),
                str(year),
                state,
                name,
                str(plant_id),
                f"{unit + 1:04d}",
                "",
                "OP",
                mover,
                fuel,
                str(capacity),
                "" if generation is None else str(round(max(generation, 0) / (capacity * 8760), 3)),
                "" if generation is None else str(generation),
                "" if generation is None else str(round(generation * 5 / 12, 3)),
                "synthetic sample (not EPA data)",
                str(rng.randint(1960, year)),
                "",
            ]


def sample_csv(year: int = 2023, plants: int = 1500, seed: int = 2023) -> str:
    """The whole synthetic sheet as CSV text with EPA's two header rows."""
    out = io.StringIO()
    out.write(_DESCRIPTIONS + "\n")
    out.write(_ABBREVIATIONS.format(yy=str(year)[-2:]) + "\n")
    csv.writer(out, lineterminator="\n").writerows(sample_rows(year, plants, seed))
    return out.getvalue()
