"""cells.py and numbers.py over whole Polars columns, for the forms of cells they can vouch for.

Each column reader has two parts. `plain` is an expression over every cell: the value and an ok
mask, True where the value is exactly what the one-cell reader returns and nothing is reported.
`rescue`, when there is one, reads again the cells `plain` refused (Excel's `"20,961"`, `(2,443)`,
`--`), eagerly and only those. A cell still refused sends its row to the one-cell readers, which
decide: a finding, or a form too rare to vectorise (`1_000`, `inf`, digits of other scripts).

Raw numbers are parsed by Polars' casts: a test holds them to Python's float() and int().
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import polars as pl

from gridlens.egrid.cells import FIRST_YEAR, LAST_YEAR
from gridlens.egrid.columns import CODE_WIDTH, GENERATOR_ID_WIDTH
from gridlens.egrid.numbers import DISPLAYED, INT_LIMIT, UNKNOWN
from gridlens.egrid.states import STATES

# What str.strip() takes off: every character Python calls whitespace (str.isspace; a unit test
# holds this to it).
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Polars' regex engine reads \d as Python's re does (any script's digits); a digit of another script
# then fails the cast, and its cell goes to the one-cell readers.
_IN_PARENTHESES = rf"^\( *({DISPLAYED}) *\)$"
_SIGNED = rf"^([-+]?{DISPLAYED})$"
# numbers.UNKNOWN in any letter case (only ASCII letters fold to those of n/a).
_UNKNOWN = "(?i)^(?:" + "|".join(re.escape(marker) for marker in sorted(UNKNOWN)) + ")$"
# A state code in any letter case, as to_state's strip().upper() accepts it.
_STATE_SPELLINGS = sorted(
    {
        a + b
        for code in STATES
        for a in {code[0], code[0].lower()}
        for b in {code[1], code[1].lower()}
    }
)


class Read(NamedTuple):
    """Cells read eagerly: their values, and where the one-cell readers would agree."""

    values: pl.Series
    ok: pl.Series


Plain = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]
Rescue = Callable[[pl.Series], Read]


class ColumnReader(NamedTuple):
    plain: Plain
    rescue: Rescue | None = None


def _zero_sign(values: pl.Expr) -> pl.Expr:
    """-0.0 as 0.0, as to_float makes it (Polars keeps the sign of -0.0 + 0.0)."""
    return pl.when(values == 0).then(0.0).otherwise(values)


def _float_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    numbers = cells.cast(pl.Float64, strict=False)
    return _zero_sign(numbers), (cells == "") | numbers.is_finite().fill_null(False)


def _int_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    numbers = cells.cast(pl.Int64, strict=False)
    return numbers, (cells == "") | (numbers.abs() <= INT_LIMIT).fill_null(False)


def read_float(cells: pl.Series) -> Read:
    """numbers.to_float: raw numbers, then Excel's displayed forms and unknown markers."""
    return _patch(_eager(_float_plain, cells), _displayed, cells)


def _displayed(cells: pl.Series) -> Read:
    """numbers._displayed: unknown markers, thousands separators, negatives in parentheses."""
    text = cells.str.strip_chars(PY_WHITESPACE)
    unknown = text.str.contains(_UNKNOWN)
    negative = text.str.extract(_IN_PARENTHESES, 1)
    digits = negative.fill_null(text.str.extract(_SIGNED, 1))
    number = digits.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    values = pl.select(
        _zero_sign(
            pl.when(unknown).then(None).when(negative.is_not_null()).then(-number).otherwise(number)
        )
    ).to_series()
    return Read(values, unknown | number.is_finite().fill_null(False))


def read_int(cells: pl.Series) -> Read:
    """numbers.to_int: whole numbers, also as Excel shows them (`2,013`, `2013.0`)."""
    return _patch(_eager(_int_plain, cells), _whole_float, cells)


def _whole_float(cells: pl.Series) -> Read:
    """to_int's second try: a number to_float reads that is whole and in range."""
    number, ok = read_float(cells)
    whole = ((number.floor() == number) & (number.abs() <= INT_LIMIT)).fill_null(False)
    values = pl.select(pl.when(whole).then(number)).to_series().cast(pl.Int64)
    return Read(values, (ok & (whole | number.is_null())).fill_null(False))


def _eager(plain: Plain, cells: pl.Series) -> Read:
    values, ok = plain(pl.col("cell"))
    frame = cells.to_frame("cell").select(values.alias("values"), ok.alias("ok"))
    return Read(frame["values"], frame["ok"])


def _patch(read: Read, rescue: Rescue, cells: pl.Series) -> Read:
    """read with the cells it refused read again by rescue."""
    at = (~read.ok).arg_true()
    if at.is_empty():
        return read
    again = rescue(cells.gather(at))
    values = read.values.scatter(at, again.values.cast(read.values.dtype))
    return Read(values, read.ok.scatter(at, again.ok))


def _year_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    values, ok = _int_plain(cells)
    return values, (ok & values.is_between(FIRST_YEAR, LAST_YEAR)).fill_null(False)


def read_year(cells: pl.Series) -> Read:
    """cells.to_year (whether it is the file's year is for the caller)."""
    values, ok = read_int(cells)
    return Read(values, (ok & values.is_between(FIRST_YEAR, LAST_YEAR)).fill_null(False))


def _plant_id_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    values, ok = _int_plain(cells)
    return values, (ok & (values > 0)).fill_null(False)


def read_plant_id(cells: pl.Series) -> Read:
    """cells.to_plant_id: a positive whole number."""
    values, ok = read_int(cells)
    return Read(values, (ok & (values > 0)).fill_null(False))


def _stripped(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The cells trimmed as str.strip() trims them, and the text (None when blank)."""
    text = cells.str.strip_chars(PY_WHITESPACE)
    return text, pl.when(text != "").then(text)


def _text_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    _, values = _stripped(cells)
    return values, pl.lit(True)


def _text_up_to(limit: int, *, blank_ok: bool = True) -> Plain:
    """cells.text_up_to; with blank_ok False a blank cell is left to the one-cell readers."""

    def plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        text, values = _stripped(cells)
        ok = text.str.len_chars() <= limit
        return values, ok if blank_ok else ok & (text != "")

    return plain


def _state_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    text = cells.str.strip_chars(PY_WHITESPACE)
    ok = text.is_in(_STATE_SPELLINGS)
    return pl.when(ok).then(text.str.to_uppercase()), ok


def _plant_name_plain(cells: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    text, values = _stripped(cells)
    return values, text != ""


_FLOAT = ColumnReader(_float_plain, _displayed)
_INT = ColumnReader(_int_plain, _whole_float)
_CODE = ColumnReader(_text_up_to(CODE_WIDTH))

# By GeneratorRow field, the twin of each column's reader in columns.COLUMNS. A blank generator
# ID is left to the one-cell readers, which warn about it.
READERS: dict[str, ColumnReader] = {
    "seq": _INT,
    "year": ColumnReader(_year_plain, read_year),
    "plant_id": ColumnReader(_plant_id_plain, read_plant_id),
    "generator_id": ColumnReader(_text_up_to(GENERATOR_ID_WIDTH, blank_ok=False)),
    "state": ColumnReader(_state_plain),
    "plant_name": ColumnReader(_plant_name_plain),
    "status": _CODE,
    "prime_mover": _CODE,
    "fuel": _CODE,
    "nameplate_mw": _FLOAT,
    "capacity_factor": _FLOAT,
    "net_generation_mwh": _FLOAT,
    "ozone_net_generation_mwh": _FLOAT,
    "generation_source": ColumnReader(_text_plain),
    "year_online": _INT,
    "year_retired": _INT,
    "boilers": _INT,
}
