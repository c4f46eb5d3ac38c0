"""The one fuel table: every code a category and a label, the SQL CASE the same as Python."""

from __future__ import annotations

import sqlite3

import pytest

from gridlens.egrid.fuels import (
    CATEGORY_LABELS,
    FUELS,
    FuelCategory,
    category_sql,
    fuel_category,
)
from gridlens.egrid.names import fold

# Every FUELG1 code in GEN21, GEN22 and GEN23 (test_egrid_shared_files checks them against FUELS).
SEEN = "AB BFG BIT BLQ COG DFO GEO JF KER LFG LIG MSW MWH NG NUC OBG OBL OBS OG OTH PC PG PRG PUR"


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("NUC", FuelCategory.NUCLEAR),
        ("ng", FuelCategory.GAS),
        ("SUB", FuelCategory.COAL),
        ("DFO", FuelCategory.OIL),
        ("BFG", FuelCategory.OTHER_FOSSIL),
        ("WAT", FuelCategory.HYDRO),
        ("WND", FuelCategory.WIND),
        ("SUN", FuelCategory.SOLAR),
        ("GEO", FuelCategory.GEOTHERMAL),
        ("LFG", FuelCategory.BIOMASS),
        ("MWH", FuelCategory.STORAGE),
        ("PUR", FuelCategory.OTHER),
        ("XYZ", FuelCategory.OTHER),
        (None, FuelCategory.OTHER),
    ],
)
def test_fuel_category(code: str | None, category: FuelCategory) -> None:
    assert fuel_category(code) == category


def test_every_category_has_a_label_and_a_code_but_other_has_one_too() -> None:
    assert list(CATEGORY_LABELS) == list(FuelCategory)
    assert {fuel.category for fuel in FUELS.values()} == set(FuelCategory)
    assert set(SEEN.split()) <= FUELS.keys()


def test_the_sql_case_agrees_with_python_for_every_code() -> None:
    codes = [*FUELS, "nuc", "XYZ", None]
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (code TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [(code,) for code in codes])
        got = db.execute(f"SELECT code, {category_sql('code')} FROM t").fetchall()
    assert got == [(code, fuel_category(code).value) for code in codes]


@pytest.mark.parametrize(
    ("name", "folded"),
    [("Central Peñuelas", "central penuelas"), ("PALO Verde", "palo verde"), ("Straße", "strasse")],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded
