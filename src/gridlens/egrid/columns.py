"""The generator columns gridlens reads, their abbreviations across eGRID years, the header."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gridlens.egrid.cells import text_up_to, to_plant_id, to_plant_name, to_state, to_text, to_year
from gridlens.egrid.numbers import to_float, to_int

# Widths of the load table's columns, so an overlong cell rejects its row instead of the whole load.
GENERATOR_ID_WIDTH = 32
CODE_WIDTH = 16

# A row naming this many known abbreviations is the header, complete or not; descriptions name none.
MIN_KNOWN = 2

_SEQGEN = re.compile(r"SEQGEN\d*")  # SEQGEN23, SEQGEN22 ..., or plain SEQGEN (GEN21 BOM export)


@dataclass(frozen=True, slots=True)
class Column:
    """A column: the GeneratorRow field it fills, its abbreviations, how a cell becomes a value."""

    field: str
    names: tuple[str, ...]
    read: Callable[[str], object]
    required: bool = False

    @property
    def label(self) -> str:
        return "/".join(self.names)


# In GeneratorRow order, without line and digest.
COLUMNS: tuple[Column, ...] = (
    Column("seq", ("SEQGEN",), to_int),
    Column("year", ("YEAR",), to_year, required=True),
    Column("plant_id", ("ORISPL",), to_plant_id, required=True),
    Column("generator_id", ("GENID",), text_up_to(GENERATOR_ID_WIDTH), required=True),
    Column("state", ("PSTATEABB", "PSTATABB"), to_state, required=True),
    Column("plant_name", ("PNAME",), to_plant_name, required=True),
    Column("status", ("GENSTAT",), text_up_to(CODE_WIDTH)),
    Column("prime_mover", ("PRMVR",), text_up_to(CODE_WIDTH)),
    Column("fuel", ("FUELG1",), text_up_to(CODE_WIDTH)),
    Column("nameplate_mw", ("NAMEPCAP",), to_float),
    Column("capacity_factor", ("CFACT",), to_float),
    Column("net_generation_mwh", ("GENNTAN",), to_float, required=True),
    Column("ozone_net_generation_mwh", ("GENNTOZ",), to_float),
    Column("generation_source", ("GENERSRC",), to_text),
    Column("year_online", ("GENYRONL",), to_int),
    Column("year_retired", ("GENYRRET",), to_int),
    Column("boilers", ("NUMBLR",), to_int),
)

_BY_NAME = {name: column for column in COLUMNS for name in column.names}


def column_named(name: str) -> Column | None:
    """The column a header cell names (case and surrounding space ignored), or None if unknown."""
    abbreviation = name.strip().upper()
    if _SEQGEN.fullmatch(abbreviation):
        abbreviation = "SEQGEN"
    return _BY_NAME.get(abbreviation)


@dataclass(frozen=True, slots=True)
class Header:
    """Where each known column sits in the abbreviation row."""

    width: int
    positions: dict[str, int] = field(default_factory=dict)  # field -> cell index
    names: dict[str, str] = field(
        default_factory=dict
    )  # field -> abbreviation as the file spells it
    repeated: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Labels of the required columns the header lacks, sorted."""
        return sorted(c.label for c in COLUMNS if c.required and c.field not in self.positions)


def read_header(cells: list[str]) -> Header | None:
    """The header when cells name at least MIN_KNOWN known abbreviations, else None."""
    header = Header(width=len(cells))
    for index, cell in enumerate(cells):
        column = column_named(cell)
        if column is None:
            continue
        if column.field in header.positions:
            header.repeated.append(cell.strip().upper())
            continue
        header.positions[column.field] = index
        header.names[column.field] = cell.strip().upper()
    return header if len(header.positions) + len(header.repeated) >= MIN_KNOWN else None
