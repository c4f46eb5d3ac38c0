"""Numbers as eGRID CSVs write them: raw (`-11.383`) or as Excel displays them (`(2,443)`)."""

from __future__ import annotations

import re

# Spellings of "unknown" seen in exports; compared case-folded after stripping.
UNKNOWN = frozenset({"", "-", "--", "na", "n/a", "#n/a", "nan"})

# PostgreSQL's integer column, so one bad cell rejects a row instead of failing the whole load.
INT_LIMIT = 2**31 - 1

# What Excel shows once the sign and any parentheses are taken off: 20,961 or 1,281.0 or 1.5e3.
# Also the pattern of the column readers (columnar.py), whose regex engine reads it alike.
DISPLAYED = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_DISPLAYED = re.compile(DISPLAYED)


class CellError(ValueError):
    """A cell its column cannot hold; str() is the reason, written for the person who fixes it."""


def to_float(cell: str) -> float | None:
    """A number, raw or as Excel displays it; None when the cell says the value is unknown."""
    if not cell:
        return None
    if "," in cell or ")" in cell:  # Excel's display; checked first as a failed float() costs more
        return _displayed(cell)
    try:
        value = float(cell)
    except ValueError:
        return _displayed(cell)
    if value - value == 0.0:  # finite: inf - inf and nan - nan are nan
        return value + 0.0  # -0.0 + 0.0 is 0.0: a displayed "(0)" or "-0" loads as plain 0
    if value != value:  # "nan", as pandas may write an unknown
        return None
    raise CellError("not a finite number")


def to_int(cell: str) -> int | None:
    """A whole number, raw or displayed (`2,013`, `2013.0`); None when unknown."""
    if not cell:
        return None
    try:
        value = int(cell)
    except ValueError:
        number = to_float(cell)
        if number is None:
            return None
        if not number.is_integer():
            raise CellError("not a whole number") from None
        value = int(number)
    if -INT_LIMIT <= value <= INT_LIMIT:
        return value
    raise CellError("too large for a whole-number column")


def _displayed(cell: str) -> float | None:
    """The slow path: unknown markers, thousands separators, negatives in parentheses."""
    text = cell.strip()
    if text.casefold() in UNKNOWN:
        return None
    negative = text[:1] == "(" and text[-1:] == ")"
    if negative:
        text = text[1:-1].strip()
    elif text[:1] in ("-", "+"):
        negative = text[0] == "-"
        text = text[1:]
    if not _DISPLAYED.fullmatch(text):
        raise CellError("not a number")
    value = float(text.replace(",", ""))
    if value - value != 0.0:
        raise CellError("not a finite number")
    return (-value if negative else value) + 0.0
