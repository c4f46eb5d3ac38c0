"""Column abbreviations across eGRID years and how a header row is recognised."""

from __future__ import annotations

import pytest

from gridlens.egrid.columns import COLUMNS, column_named, read_header
from gridlens.egrid.rows import GeneratorRow


def test_columns_fill_the_generator_row_fields_in_order() -> None:
    assert [c.field for c in COLUMNS] == list(GeneratorRow._fields[1:-1])


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("SEQGEN23", "seq"),
        ("SEQGEN22", "seq"),
        ("SEQGEN", "seq"),
        (" seqgen21 ", "seq"),
        ("PSTATEABB", "state"),
        ("PSTATABB", "state"),
        ("orispl", "plant_id"),
        ("GENNTAN", "net_generation_mwh"),
    ],
)
def test_column_named_matches_abbreviations_of_any_year(name: str, field: str) -> None:
    column = column_named(name)
    assert column is not None
    assert column.field == field


@pytest.mark.parametrize("name", ["", "Plant name", "SEQPLT23", "SEQGENX", "PLNGENAN"])
def test_column_named_ignores_other_cells(name: str) -> None:
    assert column_named(name) is None


def test_read_header_finds_positions_in_any_order() -> None:
    header = read_header(["", "GENNTAN", "ORISPL", "pname", "EXTRA", "YEAR", "PSTATABB", "GENID"])
    assert header is not None
    assert header.width == 8
    assert header.positions == {
        "net_generation_mwh": 1,
        "plant_id": 2,
        "plant_name": 3,
        "year": 5,
        "state": 6,
        "generator_id": 7,
    }
    assert header.names["plant_name"] == "PNAME"
    assert header.missing == []


def test_read_header_lists_missing_required_columns_sorted() -> None:
    header = read_header(["SEQGEN23", "YEAR", "PSTATEABB", "PNAME", "GENID"])
    assert header is not None
    assert header.missing == ["GENNTAN", "ORISPL"]


def test_descriptions_row_is_not_a_header() -> None:
    descriptions = ["Generator file sequence number", "Data Year", "Plant state abbreviation"]
    assert read_header(descriptions) is None
    assert read_header(["Table 1"]) is None
    assert read_header([]) is None


def test_read_header_notes_repeated_columns() -> None:
    header = read_header(["YEAR", "ORISPL", "ORISPL", "PSTATEABB", "PSTATABB"])
    assert header is not None
    assert header.repeated == ["ORISPL", "PSTATABB"]
