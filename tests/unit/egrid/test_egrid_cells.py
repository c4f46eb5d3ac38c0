"""Cell readers for text, states, plant codes and years; states and fuel labels."""

from __future__ import annotations

import pytest

from gridlens.egrid.cells import (
    text_up_to,
    to_plant_id,
    to_plant_name,
    to_state,
    to_text,
    to_year,
)
from gridlens.egrid.fuels import FUEL_LABELS, fuel_label
from gridlens.egrid.numbers import CellError
from gridlens.egrid.states import STATES


def test_states_are_the_50_states_dc_and_pr() -> None:
    assert len(STATES) == 52
    assert STATES["TX"] == "Texas"
    assert STATES["DC"] == "District of Columbia"
    assert STATES["PR"] == "Puerto Rico"
    assert all(len(code) == 2 and code.isupper() for code in STATES)
    assert len(set(STATES.values())) == 52


@pytest.mark.parametrize(("cell", "expected"), [("TX", "TX"), (" tx ", "TX"), ("Dc", "DC")])
def test_to_state_uppercases_a_known_code(cell: str, expected: str) -> None:
    assert to_state(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("", "the state is blank"),
        ("GU", "not a U.S. state, DC or PR code"),  # Guam is not in eGRID
        ("Texas", "not a U.S. state, DC or PR code"),
        ("XX", "not a U.S. state, DC or PR code"),
    ],
)
def test_to_state_refuses_anything_else(cell: str, reason: str) -> None:
    with pytest.raises(CellError, match=f"^{reason}$"):
        to_state(cell)


def test_text_is_trimmed_and_blank_is_none() -> None:
    assert to_text("  Distributed from EIA-923  ") == "Distributed from EIA-923"
    assert to_text("   ") is None
    assert to_text("") is None


def test_generator_ids_keep_leading_zeros() -> None:
    read = text_up_to(32)
    assert read("0001") == "0001"
    assert read(" 011 ") == "011"
    assert read("") is None


def test_text_up_to_refuses_overlong_cells() -> None:
    with pytest.raises(CellError, match=r"^longer than 16 characters$"):
        text_up_to(16)("X" * 17)


def test_plant_name_is_required() -> None:
    assert to_plant_name(" Palo Verde ") == "Palo Verde"
    with pytest.raises(CellError, match=r"^the plant name is blank$"):
        to_plant_name("  ")


@pytest.mark.parametrize(("cell", "expected"), [("6008", 6008), ("6,008", 6008), ("6008.0", 6008)])
def test_plant_id_reads_whole_numbers(cell: str, expected: int) -> None:
    assert to_plant_id(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("", "the plant code is blank or 0"),
        ("0", "the plant code is blank or 0"),
        ("NA", "the plant code is blank or 0"),
        ("-5", "a plant code is positive"),
        ("60.5", "not a whole number"),
    ],
)
def test_plant_id_refuses_missing_or_odd_codes(cell: str, reason: str) -> None:
    with pytest.raises(CellError, match=f"^{reason}$"):
        to_plant_id(cell)


def test_year_is_required_and_plausible() -> None:
    assert to_year("2,023") == 2023
    with pytest.raises(CellError, match=r"^the year is blank$"):
        to_year("")
    with pytest.raises(CellError, match=r"^not an eGRID data year \(1996-2100\)$"):
        to_year("0")
    with pytest.raises(CellError, match=r"^not a whole number$"):
        to_year("2023.5")


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("NUC", "Nuclear"),
        ("NG", "Natural gas"),
        ("BIT", "Coal (bituminous)"),
        ("SUB", "Coal (subbituminous)"),
        ("WAT", "Hydro"),
        ("WND", "Wind"),
        ("SUN", "Solar"),
        ("MWH", "Battery storage"),
        ("DFO", "Distillate fuel oil"),
        ("GEO", "Geothermal"),
        (" ng ", "Natural gas"),
    ],
)
def test_fuel_label_names_known_codes(code: str, label: str) -> None:
    assert fuel_label(code) == label


def test_fuel_label_falls_back_to_the_code() -> None:
    assert fuel_label("XYZ") == "XYZ"


def test_fuel_labels_are_distinct() -> None:
    assert len(set(FUEL_LABELS.values())) == len(FUEL_LABELS)
