"""Readers that turn one cell's text into the value its column holds, or raise CellError."""

from __future__ import annotations

from collections.abc import Callable

from gridlens.egrid.numbers import CellError, to_int
from gridlens.egrid.states import STATES

# eGRID's first data year onward: a mistyped YEAR is refused before it sets the file's year.
FIRST_YEAR = 1996
LAST_YEAR = 2100


def to_text(cell: str) -> str | None:
    """Free text, trimmed; None when blank."""
    return cell.strip() or None


def text_up_to(limit: int) -> Callable[[str], str | None]:
    """A text reader refusing more than limit characters (the width of the load table's column)."""

    def read(cell: str) -> str | None:
        text = cell.strip()
        if len(text) > limit:
            raise CellError(f"longer than {limit} characters")
        return text or None

    return read


def to_state(cell: str) -> str:
    """A two-letter code of a U.S. state, DC or PR, uppercased."""
    code = cell.strip().upper()
    if code in STATES:
        return code
    raise CellError("the state is blank" if not code else "not a U.S. state, DC or PR code")


def to_plant_name(cell: str) -> str:
    """The plant name, which every real row has."""
    name = cell.strip()
    if name:
        return name
    raise CellError("the plant name is blank")


def to_plant_id(cell: str) -> int:
    """The ORISPL plant code; blank or 0 means the row names no plant."""
    plant_id = to_int(cell)
    if not plant_id:
        raise CellError("the plant code is blank or 0")
    if plant_id < 0:
        raise CellError("a plant code is positive")
    return plant_id


def to_year(cell: str) -> int:
    """The data year of the row."""
    year = to_int(cell)
    if year is None:
        raise CellError("the year is blank")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(f"not an eGRID data year ({FIRST_YEAR}-{LAST_YEAR})")
    return year
