"""What every top-N answer must be, computed from the sheet itself with the csv module and a
plain sum (nothing of gridlens's reader): the oracle a soak checks each sampled answer against.

A plant is its ORISPL, its generation the sum of its generators' known GENNTAN (NULL when none
is known, then not ranked); a ranking is by generation descending, then plant ID, as the API's.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

STATE_COLUMNS = ("PSTATEABB", "PSTATABB")


def _kwh(text: str) -> int | None:
    """A GENNTAN cell in kWh: blank is unknown; Excel's "20,961" and (2,443) are read."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    value = Decimal(text.strip("()")) * 1000
    if value != value.to_integral_value():
        raise ValueError(f"GENNTAN {text!r} has more than three decimals")
    return -int(value) if negative else int(value)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The abbreviations' header row and the data rows under it."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    at = next(i for i, row in enumerate(rows) if "ORISPL" in row and "GENNTAN" in row)
    return rows[at], rows[at + 1 :]


@dataclass
class Sheet:
    """One generator sheet's plants: generation by ORISPL and each plant's state."""

    year: int
    kwh: dict[int, int | None] = field(default_factory=dict)
    state: dict[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Sheet:
        header, rows = _rows(path)
        plant_at, kwh_at, year_at = (header.index(c) for c in ("ORISPL", "GENNTAN", "YEAR"))
        state_at = next(header.index(c) for c in STATE_COLUMNS if c in header)
        sheet = cls(year=0)
        for row in rows:
            if len(row) <= kwh_at or not row[plant_at].strip().isdigit():
                continue  # junk at the end
            plant = int(row[plant_at])
            sheet.year = int(row[year_at])
            sheet.state.setdefault(plant, row[state_at].strip())
            kwh = _kwh(row[kwh_at])
            known = sheet.kwh.get(plant)
            sheet.kwh[plant] = known if kwh is None else (known or 0) + kwh
        return sheet

    def ranking(self, state: str | None) -> list[tuple[int, int]]:
        """(plant ID, kWh) of every ranked plant in state (the nation when None), best first."""
        ranked = [
            (plant, kwh)
            for plant, kwh in self.kwh.items()
            if kwh is not None and (state is None or self.state[plant] == state)
        ]
        return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))

    def total(self, state: str | None) -> int:
        return sum(kwh for plant, kwh in self.ranking(state))


def digest(year: int, state: str | None, total_kwh: int, plants: Iterable[tuple[int, int]]) -> str:
    """A short digest of one answer: its year, scope, total and ranked (plant ID, kWh)."""
    text = f"{year}|{state}|{total_kwh}|" + ";".join(f"{p}:{k}" for p, k in plants)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


class Oracle:
    """The digest every (state, n) answer of a sheet must have, computed when first asked."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.sheet = Sheet.read(path)
        self._rankings: dict[str | None, tuple[int, list[tuple[int, int]]]] = {}

    @property
    def year(self) -> int:
        return self.sheet.year

    def digest(self, state: str | None, n: int) -> str:
        if state not in self._rankings:
            ranking = self.sheet.ranking(state)
            self._rankings[state] = (sum(kwh for _, kwh in ranking), ranking)
        total, ranking = self._rankings[state]
        return digest(self.year, state, total, ranking[:n])


def scaled_copy(source: Path, out: Path, factors: Sequence[int] = (1, 2, 3)) -> Path:
    """The sheet with each generator's GENNTAN times factors[ORISPL % len(factors)]: the same
    year and plants, other generation, so most rankings differ from the source's. Exact: a
    number of three decimals times an integer has three decimals."""
    with source.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header_at = next(i for i, row in enumerate(rows) if "ORISPL" in row and "GENNTAN" in row)
    plant_at, kwh_at = rows[header_at].index("ORISPL"), rows[header_at].index("GENNTAN")
    for row in rows[header_at + 1 :]:
        if len(row) > kwh_at and row[plant_at].strip().isdigit() and row[kwh_at].strip():
            kwh = _kwh(row[kwh_at])
            assert kwh is not None
            factor = factors[int(row[plant_at]) % len(factors)]
            row[kwh_at] = str(Decimal(kwh * factor).scaleb(-3))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    return out
