"""The values one generator row yields, and the report of what reading a sheet found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

MAX_REPORTED = 100


class GeneratorRow(NamedTuple):
    """One clean generator row; field order is the column order of the load (COPY) table."""

    line: int  # 1-based physical line in the file, header lines counted
    seq: int | None  # EPA's SEQGEN number when the export kept it
    year: int
    plant_id: int  # ORISPL
    generator_id: str | None  # GENID, text: leading zeros matter
    state: str
    plant_name: str
    status: str | None  # GENSTAT
    prime_mover: str | None  # PRMVR
    fuel: str | None  # FUELG1
    nameplate_mw: float | None  # NAMEPCAP
    capacity_factor: float | None  # CFACT
    net_generation_mwh: float | None  # GENNTAN; None is unknown, never 0
    ozone_net_generation_mwh: float | None  # GENNTOZ
    generation_source: str | None  # GENERSRC
    year_online: int | None  # GENYRONL
    year_retired: int | None  # GENYRRET
    boilers: int | None  # NUMBLR
    digest: int  # signed 64-bit hash of every field but the line: equal digests mean a copied row


@dataclass(frozen=True, slots=True)
class Finding:
    """A rejected row or a warning, located in the file."""

    line: int
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class FindingLog:
    """Counts every finding and keeps the first MAX_REPORTED of them."""

    count: int = 0
    first: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.count += 1
        if len(self.first) < MAX_REPORTED:
            self.first.append(finding)


@dataclass
class ReadReport:
    """What reading one sheet found; filled in while the rows stream."""

    source: str
    rows_read: int = 0  # data rows seen, junk included
    rows_skipped: int = 0  # junk rows with no plant code, name or state
    rows_yielded: int = 0
    rejects: FindingLog = field(default_factory=FindingLog)
    warnings: FindingLog = field(default_factory=FindingLog)
    encoding: str = "utf-8"  # or utf-8-sig (BOM), windows-1252, utf-8+windows-1252 (lines mixed)
    cp1252_lines: int = 0  # lines that were not UTF-8 and were decoded as Windows-1252
    header_line: int = 0  # line of the abbreviation header row
    year: int | None = None
