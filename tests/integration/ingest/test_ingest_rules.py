"""What one ingestion does to stored data: replace, refuse, no-op, aggregate; on both databases."""

from __future__ import annotations

from pathlib import Path

from tests.integration.ingest.helpers import ingest_file, rows, scalar, snapshot
from tests.integration.ingest.sheets import HEADER, gen, plants_sheet, write_sheet


def test_same_file_twice_is_a_recorded_no_op(db_url: str, tmp_path: Path) -> None:
    sheet = plants_sheet(tmp_path / "gen.csv", 20)
    first = ingest_file(sheet, db_url)
    before = snapshot(db_url)
    second = ingest_file(sheet, db_url)
    assert (first.status, second.status) == ("succeeded", "skipped")
    assert snapshot(db_url) == before
    assert rows(db_url, "SELECT status, rows_loaded FROM ingestions ORDER BY id") == [
        ("succeeded", 20),
        ("skipped", 0),
    ]
    assert scalar(db_url, "SELECT COUNT(*) FROM generators") == 20


def test_a_new_file_replaces_its_year_only(db_url: str, tmp_path: Path) -> None:
    assert ingest_file(plants_sheet(tmp_path / "a22.csv", 5, year="2022"), db_url).status == (
        "succeeded"
    )
    assert ingest_file(plants_sheet(tmp_path / "a.csv", 20), db_url).status == "succeeded"
    outcome = ingest_file(plants_sheet(tmp_path / "b.csv", 19, mwh=5000.0), db_url)
    assert outcome.status == "succeeded"
    assert outcome.notes == ["replaced 2023: 20 generators before, 19 now"]
    assert rows(
        db_url,
        "SELECT year, COUNT(*), SUM(net_generation_kwh) / 1000.0 FROM plants "
        "GROUP BY year ORDER BY year",
    ) == [
        (2022, 5, 5015.0),
        (2023, 19, 19 * 5000.0 + 190),
    ]


def test_shrinking_a_year_needs_force(db_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "full.csv", 20), db_url)
    before = snapshot(db_url)
    half = plants_sheet(tmp_path / "half.csv", 10)
    refused = ingest_file(half, db_url)
    assert refused.status == "failed"
    assert refused.error == (
        "half.csv: would replace 20 generators of 2023 with 10 (50.0% fewer, more than 10%); "
        "if the smaller file is right, ingest it again with --force"
    )
    assert snapshot(db_url) == before
    assert ingest_file(half, db_url, force=True).status == "succeeded"
    assert scalar(db_url, "SELECT COUNT(*) FROM plants") == 10


def test_too_many_rejects_refuse_the_file_and_change_nothing(db_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "good.csv", 100), db_url)
    before = snapshot(db_url)
    generators = [gen(i, "1", str(i)) for i in range(1, 101)]
    generators[9]["GENNTAN"] = "lots"
    generators[49]["PSTATEABB"] = "XX"
    refused = ingest_file(write_sheet(tmp_path / "bad.csv", generators), db_url)
    assert refused.status == "failed"
    assert refused.error is not None
    assert refused.error.startswith("bad.csv line 12 column GENNTAN: 2 of 100 rows rejected (2.0%)")
    assert [(r["line"], r["column"], r["value"]) for r in refused.rejects] == [
        (12, "GENNTAN", "lots"),
        (52, "PSTATEABB", "XX"),
    ]
    assert snapshot(db_url) == before
    recorded = rows(
        db_url, "SELECT status, rows_rejected, error FROM ingestions ORDER BY id DESC LIMIT 1"
    )
    assert recorded == [("failed", 2, refused.error)]


def test_few_rejects_load_the_rest(db_url: str, tmp_path: Path) -> None:
    generators = [gen(i, "1", str(i)) for i in range(1, 201)]
    generators[0]["GENNTAN"] = "12x"
    outcome = ingest_file(write_sheet(tmp_path / "one_bad.csv", generators), db_url)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("succeeded", 199, 1)
    assert outcome.rejects[0]["line"] == 3
    assert outcome.rejects[0]["column"] == "GENNTAN"
    assert scalar(db_url, "SELECT COUNT(*) FROM plants WHERE plant_id = 1") == 0


def test_copied_rows_are_rejected_repeated_ids_kept(db_url: str, tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "SEQGEN23"]  # an export without SEQGEN
    generators = [gen(i, "1", "10") for i in range(1, 21)]
    generators.append(dict(generators[4]))  # line 23 copies plant 5 (line 7)
    generators.append(gen(6, "1", "-3", fuel="MWH"))  # same ORISPL+GENID, another row: kept
    outcome = ingest_file(
        write_sheet(tmp_path / "copies.csv", generators, header), db_url, max_reject_ratio=0.1
    )
    assert outcome.status == "succeeded"
    assert outcome.rejects == [
        {
            "line": 23,
            "column": None,
            "value": None,
            "reason": "copy of line 7: every field is the same",
        }
    ]
    assert outcome.warnings == [
        {
            "line": 24,
            "column": "GENID",
            "value": "1",
            "reason": "plant 6 generator '1' also on line 8; both rows kept",
        }
    ]
    assert rows(
        db_url, "SELECT net_generation_kwh / 1000.0, generators FROM plants WHERE plant_id = 6"
    ) == [(7.0, 2)]


def test_blank_is_unknown_and_negative_is_kept(db_url: str, tmp_path: Path) -> None:
    sheet = write_sheet(
        tmp_path / "gen.csv",
        [
            gen(1, "A", ""),
            gen(1, "B", ""),
            gen(2, "A", ""),
            gen(2, "B", "(2,443)"),
            gen(3, "A", '"20,961"'),
            gen(3, "B", "1,281.0"),
        ],
    )
    sheet.write_text(sheet.read_text().replace('"""20,961"""', '"20,961"'))
    assert ingest_file(sheet, db_url).status == "succeeded"
    assert rows(
        db_url, "SELECT plant_id, net_generation_kwh / 1000.0 FROM plants ORDER BY plant_id"
    ) == [
        (1, None),
        (2, -2443.0),
        (3, 22242.0),
    ]


def test_primary_fuel_name_and_state(db_url: str, tmp_path: Path) -> None:
    sheet = write_sheet(
        tmp_path / "gen.csv",
        [
            # the largest positive generation wins over the largest capacity
            gen(1, "1", "100", fuel="NG", capacity="900", name="First Name"),
            gen(1, "2", "250", fuel="SUN", capacity="10", name="Later Name", state="OK"),
            gen(1, "3", "200", fuel="SUN", capacity="10"),
            # none positive: the largest capacity; ties alphabetical
            gen(2, "1", "-50", fuel="MWH", capacity="40"),
            gen(2, "2", "", fuel="WND", capacity="40"),
            gen(2, "3", "0", fuel="NG", capacity="5"),
        ],
    )
    outcome = ingest_file(sheet, db_url)
    assert outcome.status == "succeeded"
    assert rows(
        db_url,
        "SELECT plant_id, name, state, primary_fuel, nameplate_mw FROM plants ORDER BY plant_id",
    ) == [(1, "First Name", "TX", "SUN", 920.0), (2, "Plant 2", "TX", "MWH", 85.0)]
    assert [(w["line"], w["column"], w["value"]) for w in outcome.warnings] == [
        (4, "state", "OK"),
        (4, "PNAME", "Later Name"),
        (5, "PNAME", "Plant 1"),
    ]


def test_a_file_without_required_columns_is_refused(db_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "good.csv", 10), db_url)
    before = snapshot(db_url)
    header = [name for name in HEADER if name not in ("GENNTAN", "ORISPL")]
    outcome = ingest_file(write_sheet(tmp_path / "cut.csv", [gen(1, "1", "5")], header), db_url)
    assert outcome.status == "failed"
    assert outcome.error == "cut.csv line 2: missing required column(s): GENNTAN, ORISPL"
    assert snapshot(db_url) == before
