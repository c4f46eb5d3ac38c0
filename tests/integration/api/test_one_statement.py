"""A miss on PostgreSQL read in one statement (api.cache: Read.pg_rows) is one snapshot's answer,
the same bytes as the transaction's, and never reads a swapped-in table before its rows."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text
from starlette.requests import Request

from gridlens.api.cache import READERS, Compute, Read, ResponseCache
from gridlens.db.engine import ENGINES, get_engine
from gridlens.metrics import PoolCollector
from gridlens.plants import queries
from tests.integration.ingest.helpers import ingest_file
from tests.integration.ingest.sheets import plants_sheet

PLANTS = 40
WAIT_S = 60.0
REQUEST = Request({"type": "http", "headers": []})


def top_of(year: int, n: int) -> Compute:
    """A compute of one statement: /plants/top's (its totals memoized beforehand)."""

    def top(read: Read) -> bytes:
        totals = read.memo(("totals", year), lambda: queries.generation_totals(read.session, year))
        return queries.top_plants_json(
            read,
            year=year,
            state=None,
            n=n,
            total_kwh=totals.get((None, None), 0),
            before=queries.previous_year(read.version.years, year),
        )

    return top


def answer(cache: ResponseCache, key: str, compute: Compute, *, one_statement: bool) -> bytes:
    response = asyncio.run(cache.respond(REQUEST, key, compute, one_statement=one_statement))
    return bytes(response.body)


@pytest.fixture
def loaded(pg_url: str, tmp_path: Path) -> str:
    for year in ("2022", "2023"):
        sheet = plants_sheet(tmp_path / f"gen{year}.csv", PLANTS, year=year)
        assert ingest_file(sheet, pg_url).status == "succeeded"
    return pg_url


def test_one_statement_answers_as_the_transaction(
    loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResponseCache(loaded, check_s=3600)
    slow = answer(cache, "slow", top_of(2023, 10), one_statement=False)
    transactions: list[object] = []
    monkeypatch.setattr(
        cache, "_fill_in_transaction", lambda *args: transactions.append(args) or None
    )
    fast = answer(cache, "fast", top_of(2023, 10), one_statement=True)
    assert transactions == []  # answered by the one statement
    assert fast == slow
    plants = orjson.loads(fast)["plants"]
    assert [plant["plant_id"] for plant in plants] == list(range(PLANTS, PLANTS - 10, -1))
    assert plants[0]["previous"] == {"year": 2022, "rank": 1, "net_generation_mwh": 1040.0}


def test_an_older_version_is_read_again_in_a_transaction(loaded: str, tmp_path: Path) -> None:
    cache = ResponseCache(loaded, check_s=3600)
    answer(cache, "warm", top_of(2023, 5), one_statement=True)
    old = cache._seen
    (tmp_path / "again").mkdir()
    again = plants_sheet(tmp_path / "again" / "gen2023.csv", PLANTS, mwh=5000.0)
    assert ingest_file(again, loaded).status == "succeeded"
    # The cache still believes the old version (as for up to check_s after a commit): the
    # statement finds another version and gives no rows; the transaction reads the new one.
    cache._seen = old
    plants = orjson.loads(answer(cache, "after", top_of(2023, 5), one_statement=True))["plants"]
    assert plants[0]["net_generation_mwh"] == 5040.0
    assert cache._seen[1] != old[1]


def test_a_statement_waiting_on_a_swap_reads_the_new_table_whole(
    loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A swap as ingest/swap.py makes one (DROP plants, RENAME the built table), uncommitted
    while the statement starts: the statement waits for it, then reads the new table with its
    rows. (The data version is left as it was, so the answer is the statement's own.)"""
    cache = ResponseCache(loaded, check_s=3600)
    answer(cache, "warm", top_of(2023, 5), one_statement=True)  # version seen, totals kept
    # The transaction would read it right in any case: the statement alone must.
    transactions: list[object] = []
    monkeypatch.setattr(
        cache, "_fill_in_transaction", lambda *args: transactions.append(args) or None
    )
    engine = get_engine(loaded)
    with engine.connect() as swap:
        swap.execute(text("CREATE TABLE plants_built (LIKE plants INCLUDING ALL)"))
        swap.execute(text("INSERT INTO plants_built SELECT * FROM plants"))
        swap.execute(text("DROP TABLE plants"))
        swap.execute(text("ALTER TABLE plants_built RENAME TO plants"))
        answers: list[bytes] = []
        reader = threading.Thread(
            target=lambda: answers.append(
                answer(cache, "during", top_of(2023, 5), one_statement=True)
            )
        )
        reader.start()
        deadline = time.monotonic() + WAIT_S
        with engine.connect() as watch:
            while not watch.execute(
                text("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation IS NOT NULL")
            ).scalar_one():
                assert time.monotonic() < deadline, "the reader never waited for the swap"
                watch.rollback()
                time.sleep(0.01)
        swap.commit()
    reader.join(WAIT_S)
    assert transactions == []
    plants = orjson.loads(answers[0])["plants"]
    assert [plant["plant_id"] for plant in plants] == [40, 39, 38, 37, 36]


def test_the_statement_pool_is_one_per_database_and_counted_in_the_pool_metrics(
    loaded: str,
) -> None:
    def max_connections() -> float:
        families = {family.name: family for family in PoolCollector().collect()}
        return families["gridlens_db_pool_max_connections"].samples[0].value

    ENGINES.pop(f"{loaded} (one statement)", None)
    without = max_connections()
    first, second = ResponseCache(loaded), ResponseCache(loaded)
    assert first._one_statement is second._one_statement is not None
    assert max_connections() == without + first._one_statement.pool.size()
    assert first._one_statement.pool.size() == READERS
