"""The real eGRID exports in ../shared/data/egrid, checked against the facts in its README."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from gridlens.egrid.frames import FrameReader
from gridlens.egrid.fuels import FUEL_LABELS
from gridlens.egrid.rows import GeneratorRow, ReadReport
from tests.unit.egrid.conftest import rows_of

pytestmark = pytest.mark.shared_data

Parsed = tuple[list[GeneratorRow], ReadReport]


def parse(path: Path) -> Parsed:
    with path.open("rb") as lines:
        reader = FrameReader(lines, path.name)
        return rows_of(reader), reader.report


@pytest.fixture(scope="module")
def gen23(shared_egrid: Path) -> Parsed:
    return parse(shared_egrid / "gen23.csv")


@pytest.fixture(scope="module")
def gen22(shared_egrid: Path) -> Parsed:
    return parse(shared_egrid / "gen22_excel_formatted.csv")


@pytest.fixture(scope="module")
def gen21(shared_egrid: Path) -> Parsed:
    return parse(shared_egrid / "gen21_bom_excel_formatted.csv")


def plant_totals(rows: list[GeneratorRow]) -> dict[int, float]:
    totals: dict[int, float] = defaultdict(float)
    for row in rows:
        if row.net_generation_mwh is not None:
            totals[row.plant_id] += row.net_generation_mwh
    return totals


def test_gen23_reads_every_row_cleanly(gen23: Parsed) -> None:
    rows, report = gen23
    assert len(rows) == report.rows_yielded == report.rows_read == 26_601
    assert (report.rejects.count, report.warnings.count, report.rows_skipped) == (0, 0, 0)
    assert (report.year, report.header_line, report.encoding) == (2023, 2, "utf-8")
    assert len({row.plant_id for row in rows}) == 12_611
    assert len({row.state for row in rows}) == 52


def test_gen23_unknown_generation_is_none_and_negatives_are_kept(gen23: Parsed) -> None:
    rows, _ = gen23
    assert sum(row.net_generation_mwh is None for row in rows) == 705
    assert sum((row.net_generation_mwh or 0.0) < 0 for row in rows) == 985


def test_gen23_national_top_plants(gen23: Parsed) -> None:
    totals = plant_totals(gen23[0])
    top = sorted(totals, key=totals.__getitem__, reverse=True)[:5]
    assert [(plant, round(totals[plant])) for plant in top] == [
        (6008, 31_522_590),  # Palo Verde AZ
        (46, 30_820_510),  # Browns Ferry AL
        (649, 23_036_612),  # Vogtle GA
        (3265, 22_246_735),  # Oconee SC
        (3166, 22_197_093),  # Peach Bottom PA
    ]


def test_gen23_generator_ids_keep_leading_zeros(gen23: Parsed) -> None:
    ids = {row.generator_id for row in gen23[0]}
    assert {"0001", "011"} <= ids


def test_gen23_rows_are_distinct_by_digest(gen23: Parsed) -> None:
    assert len({row.digest for row in gen23[0]}) == 26_601


def test_gen22_excel_displayed_values(gen22: Parsed) -> None:
    rows, report = gen22
    assert len(rows) == report.rows_yielded == 25_843
    assert (report.rejects.count, report.year) == (0, 2022)
    by_line = {row.line: row for row in rows}
    # line 35: ...,Battery Energy Storage System,57583,BESS,...,(0.007),"(2,529)","(1,195)",...
    battery = by_line[35]
    assert (battery.plant_id, battery.generator_id) == (57583, "BESS")
    assert battery.capacity_factor == -0.007
    assert (battery.net_generation_mwh, battery.ozone_net_generation_mwh) == (-2529.0, -1195.0)
    # line 596: Browns Ferry unit 1, nameplate "1,281.0", generation "9,747,254"
    browns_ferry = by_line[596]
    assert (browns_ferry.plant_id, browns_ferry.nameplate_mw) == (46, 1281.0)
    assert browns_ferry.net_generation_mwh == 9_747_254.0


def test_gen22_blank_generator_ids_are_kept_with_warnings(gen22: Parsed) -> None:
    rows, report = gen22
    blank = [(row.line, row.plant_id) for row in rows if row.generator_id is None]
    assert blank == [(6357, 59036), (9427, 51), (11486, 10698), (13682, 6061)]
    assert [finding.line for finding in report.warnings.first] == [6357, 9427, 11486, 13682]
    assert report.warnings.count == 4
    assert len({row.plant_id for row in rows}) == 11_973


def test_gen22_keeps_repeated_generator_ids(gen22: Parsed) -> None:
    braunig = [row.generator_id for row in gen22[0] if row.plant_id == 3612]
    assert sorted(g for g in braunig if g in {"1", "2", "3"}) == ["1", "1", "2", "2", "3", "3"]


def test_gen21_with_bom_and_plain_seqgen(gen21: Parsed) -> None:
    rows, report = gen21
    assert len(rows) == report.rows_yielded == 25_031
    assert (report.rejects.count, report.year, report.encoding) == (0, 2021, "utf-8-sig")
    assert [row.seq for row in rows] == list(range(1, 25_032))
    assert (rows[0].plant_id, rows[0].generator_id, rows[0].state) == (54452, "744A", "AK")


def test_every_fuel_code_in_the_files_has_a_label(
    gen23: Parsed, gen22: Parsed, gen21: Parsed
) -> None:
    fuels = {row.fuel for rows, _ in (gen23, gen22, gen21) for row in rows}
    assert None not in fuels
    assert fuels - FUEL_LABELS.keys() == set()
