"""The column readers vouch only for cells the one-cell readers read to the same value, silently."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable

import polars as pl
import pytest

from gridlens.egrid.cells import text_up_to, to_plant_id, to_plant_name, to_state, to_text, to_year
from gridlens.egrid.columnar import PY_WHITESPACE, READERS, ColumnReader
from gridlens.egrid.columns import COLUMNS, GENERATOR_ID_WIDTH
from gridlens.egrid.numbers import CellError, to_float, to_int


def test_py_whitespace_is_what_str_strip_takes_off() -> None:
    python = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
    assert python == PY_WHITESPACE


def test_every_column_has_a_column_reader() -> None:
    assert list(READERS) == [column.field for column in COLUMNS]


def corpus(seed: int = 7, count: int = 60_000) -> list[str]:
    """Numbers as people and programs write them, and near misses, at random."""
    rng = random.Random(seed)
    alphabet = [*"0123456789" * 3, *".eE+-_ ,()infatyINFATYxXdDn#/", "\t", "\xa0", "\u0663", "--"]
    cells = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(count)}
    for digits in ("1", "12", "0", "007", ".5", "5.", "1.5", "1,234", "1,234.5", "12,34", "2013"):
        for exponent in ("", "e5", "E+05", "e-5", "e", "e400", "e-400"):
            for around in ("{}", "-{}", "+{}", "({})", " {} ", "( {} )", "-({})", "{}-"):
                cells.add(around.format(digits + exponent))
    return sorted(cells)


def check(reader: ColumnReader, one_cell: Callable[[str], object], cells: list[str]) -> int:
    """Where a column reader says ok, the one-cell reader agrees and raises nothing; returns how
    many cells it vouched for."""
    values = pl.Series("cell", cells)
    value, ok = reader.plain(pl.col("cell"))
    plain = values.to_frame().select(value.alias("value"), ok.alias("ok"))
    read, vouched = list(plain["value"]), list(plain["ok"])
    if reader.rescue is not None:
        refused = [i for i, good in enumerate(vouched) if not good]
        again = reader.rescue(values.gather(refused))
        for at, (v, good) in zip(refused, zip(again.values, again.ok, strict=True), strict=True):
            read[at], vouched[at] = v, good
    for cell, v, good in zip(cells, read, vouched, strict=True):
        if not good:
            continue
        expected = one_cell(cell)  # raises CellError for a cell wrongly vouched for
        assert (v, type(v), repr(v)) == (expected, type(expected), repr(expected)), cell
    return sum(vouched)


@pytest.mark.parametrize(
    ("field", "one_cell", "at_least"),
    [
        ("net_generation_mwh", to_float, 2000),
        ("seq", to_int, 1000),
        ("year", to_year, 10),
        ("plant_id", to_plant_id, 500),
    ],
)
def test_numbers_agree_with_the_one_cell_readers(
    field: str, one_cell: Callable[[str], object], at_least: int
) -> None:
    assert check(READERS[field], one_cell, corpus()) >= at_least


def test_the_cells_they_refuse_are_the_ones_python_refuses_or_rare() -> None:
    cells = ["1_000", "inf", "\u0663", "-nan", "1e400", "(5", "1,5", "12.5x"]
    _, ok = READERS["net_generation_mwh"].plain(pl.col("cell"))
    assert not any(pl.Series("cell", cells).to_frame().select(ok)["cell"])
    again = READERS["net_generation_mwh"].rescue(pl.Series(cells))  # type: ignore[misc]
    assert not any(again.ok)


TEXT_CELLS = [
    *("", " ", "TX", "tx", " tx ", "Tx", "ZZ", "T", "TXX", "ﬂ", "\xa0TX\u3000", "\x1cTX\x1f"),
    *("Comanche Peak", "  a  ", "0", "ﬀ", "x" * 16, "x" * 17, "x" * 32, "x" * 33, "Caño"),
]


@pytest.mark.parametrize(
    ("field", "one_cell"),
    [
        ("state", to_state),
        ("plant_name", to_plant_name),
        ("generator_id", text_up_to(GENERATOR_ID_WIDTH)),
        ("status", text_up_to(16)),
        ("generation_source", to_text),
    ],
)
def test_texts_agree_with_the_one_cell_readers(
    field: str, one_cell: Callable[[str], object]
) -> None:
    assert check(READERS[field], one_cell, TEXT_CELLS) > 0


def test_a_blank_generator_id_is_left_to_the_one_cell_reader_which_warns() -> None:
    _, ok = READERS["generator_id"].plain(pl.col("cell"))
    assert list(pl.Series("cell", ["", " ", "1"]).to_frame().select(ok)["cell"]) == [
        False,
        False,
        True,
    ]


def test_polars_reads_numbers_as_python_does() -> None:
    """The casts the column readers lean on accept only numbers Python reads to the same value."""
    cells = corpus(seed=11)
    floats = pl.Series(cells).cast(pl.Float64, strict=False).to_list()
    ints = pl.Series(cells).cast(pl.Int64, strict=False).to_list()
    for cell, number, whole in zip(cells, floats, ints, strict=True):
        if number is not None and number - number == 0:
            assert float(cell) == number, cell
        if whole is not None:
            assert int(cell) == whole, cell
    with pytest.raises(CellError):
        to_float("inf")
