"""PostgreSQL's bulk load (columns at a time, COPY, a partition swapped in) stores and reports
exactly what the row-by-row path stores on SQLite; the swap keeps the year whole and the schema."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

import gridlens.egrid.frames
from gridlens.db.engine import get_engine
from gridlens.db.migrate import alembic_config, upgrade
from gridlens.ingest.records import Outcome
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.bigfile import multiply_gen23
from tests.integration.ingest.helpers import ingest_file, rows, scalar
from tests.integration.ingest.sheets import gen, plants_sheet, write_sheet

REAL = ("gen21_bom_excel_formatted.csv", "gen22_excel_formatted.csv", "gen23.csv")
OUTCOME = (
    "status",
    "year",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "rows_skipped",
    "warnings_count",
    "rejects",
    "warnings",
    "notes",
    "error",
)


def stored(url: str) -> tuple[list[tuple[object, ...]], ...]:
    return (
        rows(url, "SELECT * FROM generators ORDER BY year, line"),
        rows(url, "SELECT * FROM plants ORDER BY year, plant_id"),
        rows(url, "SELECT year, generators, plants FROM datasets ORDER BY year"),
    )


def reported(outcome: Outcome) -> dict[str, object]:
    return {name: getattr(outcome, name) for name in OUTCOME}


def edge_sheet(path: Path) -> Path:
    """Copies, a reused sequence number, repeated generator IDs, plants that disagree on their
    name or state, several fuels, rejects, junk rows and cells only Python reads."""
    generators = [gen(i, "1", str(1000 + i)) for i in range(1, 40)]
    generators[3] = gen(4, "1", "1,004")  # written as Excel shows it
    generators.append(dict(generators[4]))  # line 43: plant 5's row (line 8) again
    generators.append(gen(6, "1", "-3", fuel="MWH"))  # plant 6 repeats generator 1, other fuel
    generators.append(gen(7, "2", "(2,443)", name="Seven Renamed", state="OK", fuel="SUN"))
    generators.append(gen(8, "", "5"))  # a blank generator ID: kept, with a warning
    generators.append(gen(9, "2", "1_000"))  # Python reads it; the columns leave it to Python
    generators.append(gen(10, "2", "lots"))  # rejected
    generators.append(gen(11, "2", "5", year="2022"))  # rejected: another year
    lines = write_sheet(path, generators).read_text().splitlines(keepends=True)
    lines[10] = lines[10].replace("9,2023", "8,2023", 1)  # reuses the line before's number
    lines[41] = lines[41].replace("40,2023", "5,2023", 1)  # now a copy, number and all
    lines.insert(6, "0,,,,,,,,,,,,,,,,\n")  # line 7: a padding row
    path.write_text("".join(lines) + ",,,,,,,,,,,,,,,,\n")
    return path


def both_ways(
    sheets: list[Path], pg_url: str, sqlite_url: str, **limits: object
) -> list[dict[str, object]]:
    """Each sheet ingested into both databases: outcomes and stored rows must match."""
    outcomes = []
    for sheet in sheets:
        on_pg = ingest_file(sheet, pg_url, **limits)
        on_sqlite = ingest_file(sheet, sqlite_url, **limits)
        assert reported(on_pg) == reported(on_sqlite)
        outcomes.append(reported(on_pg))
    assert stored(pg_url) == stored(sqlite_url)
    return outcomes


@pytest.mark.parametrize("block_bytes", [None, 700])
def test_bulk_and_row_by_row_store_and_report_alike(
    pg_url: str,
    sqlite_url: str,
    tmp_path: Path,
    block_bytes: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if block_bytes:  # small blocks: plants over several frames, left to SQL to check
        monkeypatch.setattr(gridlens.egrid.frames, "BLOCK_BYTES", block_bytes)
    sheets = [edge_sheet(tmp_path / "edge.csv")]
    outcome = both_ways(sheets, pg_url, sqlite_url, max_reject_ratio=0.1)[0]
    assert outcome["status"] == "succeeded"
    assert [(r["line"], r["reason"][:20]) for r in outcome["rejects"]] == [  # type: ignore[attr-defined,index]
        (48, "not a number"),
        (49, "the year differs fro"),
        (43, "copy of line 8: ever"),
        (12, "sequence number 8 is"),
    ]
    assert [(w["line"], w["column"]) for w in outcome["warnings"]] == [  # type: ignore[attr-defined,index]
        (46, "GENID"),
        (44, "GENID"),
        (45, "state"),
        (45, "PNAME"),
    ]
    plants = "SELECT plant_id, name, state, primary_fuel, generators FROM plants"
    assert rows(pg_url, f"{plants} WHERE plant_id IN (6, 7, 9) ORDER BY 1") == [
        (6, "Plant 6", "TX", "NG", 2),
        (7, "Plant 7", "TX", "NG", 2),
        (9, "Plant 9", "TX", "NG", 1),  # its first row went as a reused number: the next is first
    ]


@pytest.mark.shared_data
def test_the_real_files_alike(
    pg_url: str, sqlite_url: str, shared_egrid: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gridlens.egrid.frames, "BLOCK_BYTES", 1 << 18)
    outcomes = both_ways([shared_egrid / name for name in REAL], pg_url, sqlite_url)
    assert [o["warnings_count"] for o in outcomes] == [0, 8, 0]


def partitions(url: str) -> list[tuple[object, ...]]:
    return rows(
        url,
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'generators'::regclass "
        "ORDER BY 1",
    )


def indexes(url: str, table: str) -> list[tuple[object, ...]]:
    return rows(
        url,
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :table ORDER BY 1",
        table=table,
    )


def test_a_year_is_a_partition_swapped_whole(pg_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "a22.csv", 5, year="2022"), pg_url)
    ingest_file(plants_sheet(tmp_path / "a23.csv", 20), pg_url)
    kept = scalar(pg_url, "SELECT 'generators_2022'::regclass::oid")
    # Rows of a year without a partition, put in by hand, land in the default partition: they
    # go when the year is ingested.
    by_hand = "INSERT INTO generators (year, line, plant_id, state, plant_name) VALUES "
    with get_engine(pg_url).begin() as conn:
        conn.execute(text(f"{by_hand} (2024, 999, 1, 'TX', 'By hand'), (2030, 1, 1, 'TX', 'Kept')"))
    for sheet in (
        plants_sheet(tmp_path / "b23.csv", 19, mwh=7.0),
        plants_sheet(tmp_path / "a24.csv", 3, year="2024"),
    ):
        assert ingest_file(sheet, pg_url).status == "succeeded"
    assert partitions(pg_url) == [
        ("generators_2022", "FOR VALUES IN (2022)"),
        ("generators_2023", "FOR VALUES IN (2023)"),
        ("generators_2024", "FOR VALUES IN (2024)"),
        ("generators_default", "DEFAULT"),
    ]
    assert scalar(pg_url, "SELECT 'generators_2022'::regclass::oid") == kept
    assert rows(pg_url, "SELECT year, COUNT(*) FROM generators GROUP BY year ORDER BY year") == [
        (2022, 5),
        (2023, 19),
        (2024, 3),
        (2030, 1),
    ]
    # The partition's indexes are the parent's, under the partition's name; nothing staged stays.
    assert [name for name, _ in indexes(pg_url, "generators_2023")] == [
        "generators_2023_ix_generators_year_plant",
        "generators_2023_pk_generators",
    ]
    attached = (
        "SELECT COUNT(*) FROM pg_inherits WHERE inhparent IN "
        "('pk_generators'::regclass, 'ix_generators_year_plant'::regclass)"
    )
    assert scalar(pg_url, attached) == 8  # four partitions, two indexes each
    assert scalar(pg_url, "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'gridlens_load%'") == 0
    columns = "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = :t"
    assert scalar(pg_url, columns, t="generators_2023") == scalar(pg_url, columns, t="generators")


def test_plants_rebuilt_keep_their_indexes_and_grants(pg_url: str, tmp_path: Path) -> None:
    before = indexes(pg_url, "plants")
    with get_engine(pg_url).begin() as conn:
        conn.execute(text("GRANT SELECT ON plants TO PUBLIC"))
    oid = scalar(pg_url, "SELECT 'plants'::regclass::oid")
    assert ingest_file(plants_sheet(tmp_path / "a.csv", 20), pg_url).status == "succeeded"
    assert scalar(pg_url, "SELECT 'plants'::regclass::oid") != oid  # rebuilt: the year is all
    assert indexes(pg_url, "plants") == before
    assert scalar(pg_url, "SELECT has_table_privilege('public', 'plants', 'SELECT')") is True
    assert scalar(pg_url, "SELECT COUNT(*) FROM plants") == 20


def test_a_small_year_beside_large_ones_is_replaced_in_place(pg_url: str, tmp_path: Path) -> None:
    ingest_file(plants_sheet(tmp_path / "a22.csv", 50, year="2022"), pg_url)
    oid = scalar(pg_url, "SELECT 'plants'::regclass::oid")
    ingest_file(plants_sheet(tmp_path / "a23.csv", 10), pg_url)
    ingest_file(plants_sheet(tmp_path / "b23.csv", 10, mwh=9.0), pg_url)
    assert scalar(pg_url, "SELECT 'plants'::regclass::oid") == oid
    assert rows(
        pg_url,
        "SELECT year, COUNT(*), SUM(net_generation_kwh) / 1000.0 FROM plants "
        "GROUP BY year ORDER BY year",
    ) == [
        (2022, 50, 50 * 1000.0 + 1275),
        (2023, 10, 10 * 9.0 + 55),
    ]


@pytest.mark.shared_data
def test_readers_see_the_old_year_or_the_new_never_a_mix(
    pg_url: str, shared_egrid: Path, tmp_path: Path
) -> None:
    ingest_file(shared_egrid / "gen23.csv", pg_url)
    bigger = multiply_gen23(shared_egrid / "gen23.csv", tmp_path / "gen23x3.csv", copies=3)
    done: list[Outcome] = []
    loader = threading.Thread(target=lambda: done.append(ingest_file(bigger, pg_url)))
    loader.start()
    seen = set()
    while loader.is_alive():
        # One statement reading generators then plants; one transaction reading them the other
        # way round, as the API's plant detail does: neither may deadlock with the swap.
        seen.add(
            rows(
                pg_url,
                "SELECT (SELECT COUNT(*) FROM generators WHERE year = 2023), "
                "(SELECT COUNT(*) FROM plants WHERE year = 2023), "
                "(SELECT generators FROM datasets WHERE year = 2023)",
            )[0]
        )
        with get_engine(pg_url).begin() as conn:
            plants = conn.execute(text("SELECT COUNT(*) FROM plants WHERE year = 2023")).scalar()
            generators = conn.execute(
                text("SELECT COUNT(*) FROM generators WHERE year = 2023 AND plant_id = 6008")
            ).scalar()
            assert (plants, generators) in {(12_611, 3), (37_833, 3)}
    loader.join()
    assert done[0].status == "succeeded"
    assert seen <= {(26_601, 12_611, 26_601), (79_803, 37_833, 79_803)}
    assert rows(pg_url, "SELECT COUNT(*) FROM generators WHERE year = 2023") == [(79_803,)]


def test_the_migration_moves_each_year_into_a_partition_and_back(pg_server: str) -> None:
    url = create_pg_database(pg_server)
    try:
        upgrade(url, "0001")
        with get_engine(url).begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO generators (year, line, plant_id, state, plant_name) VALUES "
                    "(2022, 3, 1, 'TX', 'A'), (2022, 4, 2, 'TX', 'B'), (2023, 3, 1, 'TX', 'A')"
                )
            )
        upgrade(url)
        assert partitions(url) == [
            ("generators_2022", "FOR VALUES IN (2022)"),
            ("generators_2023", "FOR VALUES IN (2023)"),
            ("generators_default", "DEFAULT"),
        ]
        assert [name for name, _ in indexes(url, "generators")] == [
            "ix_generators_year_plant",
            "pk_generators",
        ]
        everything = "SELECT year, line, plant_name FROM generators ORDER BY year, line"
        assert rows(url, everything) == [(2022, 3, "A"), (2022, 4, "B"), (2023, 3, "A")]
        config = alembic_config(url)
        with get_engine(url).begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        assert rows(url, "SELECT relkind FROM pg_class WHERE relname = 'generators'") == [("r",)]
        assert rows(url, everything) == [(2022, 3, "A"), (2022, 4, "B"), (2023, 3, "A")]
        assert [name for name, _ in indexes(url, "generators")] == [
            "ix_generators_year_plant",
            "pk_generators",
        ]
    finally:
        drop_pg_database(pg_server, url)
