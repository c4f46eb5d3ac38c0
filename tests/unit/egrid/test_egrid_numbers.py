"""Numbers raw and as Excel displays them; unknown is None, never 0."""

from __future__ import annotations

import math

import pytest

from gridlens.egrid.numbers import CellError, to_float, to_int


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-11.383", -11.383),
        ("450.545", 450.545),
        ("1e3", 1000.0),
        ("0", 0.0),
        (".5", 0.5),
        ("20961", 20961.0),
        ("20,961", 20961.0),
        ("3,429,315", 3429315.0),
        ("1,281.0", 1281.0),
        ("-2,443", -2443.0),
        ("(2,443)", -2443.0),
        (" (2,443)", -2443.0),
        ("(13)", -13.0),
        ("(0.001)", -0.001),
        ("( 5 )", -5.0),
        ("  12.5  ", 12.5),
        ("\t7\t", 7.0),
    ],
)
def test_to_float_reads_raw_and_displayed_numbers(cell: str, expected: float) -> None:
    assert to_float(cell) == expected


@pytest.mark.parametrize("cell", ["(0)", " (0)", "-0", "-0.0", "(0.000)"])
def test_to_float_turns_negative_zero_into_zero(cell: str) -> None:
    value = to_float(cell)
    assert value == 0.0
    assert math.copysign(1.0, value or 0.0) == 1.0


@pytest.mark.parametrize(
    "cell", ["", " ", "--", "-", "NA", "N/A", "n/a", "na", " -- ", "#N/A", "nan"]
)
def test_to_float_reads_unknown_markers_as_none(cell: str) -> None:
    assert to_float(cell) is None


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", "not a number"),
        ("12,34", "not a number"),  # a decimal comma, or bad grouping: refused, never guessed
        ("1,2,3", "not a number"),
        ("$5", "not a number"),
        ("5 MW", "not a number"),
        ("(-5)", "not a number"),
        ("((5))", "not a number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e999", "not a finite number"),
    ],
)
def test_to_float_refuses_what_is_not_a_number(cell: str, reason: str) -> None:
    with pytest.raises(CellError, match=f"^{reason}$"):
        to_float(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2013", 2013),
        ("2,013", 2013),
        ("2013.0", 2013),
        (" 2013 ", 2013),
        ("(3)", -3),
        ("1e3", 1000),
        ("0", 0),
    ],
)
def test_to_int_reads_whole_numbers_in_any_format(cell: str, expected: int) -> None:
    value = to_int(cell)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("cell", ["", "NA", "--", "n/a"])
def test_to_int_reads_unknown_markers_as_none(cell: str) -> None:
    assert to_int(cell) is None


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("12.5", "not a whole number"),
        ("2,013.5", "not a whole number"),
        ("x2013", "not a number"),
        ("2147483648", "too large for a whole-number column"),
        ("1e12", "too large for a whole-number column"),
    ],
)
def test_to_int_refuses_fractions_and_overflow(cell: str, reason: str) -> None:
    with pytest.raises(CellError, match=f"^{reason}$"):
        to_int(cell)
