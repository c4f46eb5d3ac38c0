"""A cached answer read while an ingestion swaps tables in is a whole snapshot (PostgreSQL).

An ingestion on PostgreSQL replaces `plants` by a table built beside it (ingest/swap.py). A
REPEATABLE READ snapshot taken before that commit, reading `plants` after it, finds the new
table and none of its rows: every year came back empty (found by `python -m bench soak`).
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import orjson
from sqlalchemy import select, text
from starlette.requests import Request

from gridlens.api.cache import Read, ResponseCache
from gridlens.db.engine import get_engine
from gridlens.db.tables import Plant
from gridlens.ingest.records import Outcome
from tests.integration.ingest.helpers import ingest_file
from tests.integration.ingest.sheets import plants_sheet

PLANTS = 40
WAIT_S = 60.0


def swap_waits_or_ends(database_url: str, ingestion: threading.Thread) -> None:
    """Until the ingestion has ended, or waits for a lock (a reader's, to swap tables in)."""
    deadline = time.monotonic() + WAIT_S
    with get_engine(database_url).connect() as conn:
        while ingestion.is_alive() and time.monotonic() < deadline:
            waiting = conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation IS NOT NULL")
            ).scalar_one()
            if waiting:
                return
            conn.rollback()
            time.sleep(0.01)
    assert not ingestion.is_alive(), "the ingestion neither ended nor waited for a lock"


def test_an_answer_read_across_a_swap_sees_one_snapshot(pg_url: str, tmp_path: Path) -> None:
    for year in ("2022", "2023"):
        sheet = plants_sheet(tmp_path / f"gen{year}.csv", PLANTS, year=year)
        assert ingest_file(sheet, pg_url).status == "succeeded"
    outcomes: list[Outcome] = []
    # Another 2023 as large as 2022: ingest/replace.py rebuilds plants and swaps it in.
    (tmp_path / "again").mkdir()
    again = plants_sheet(tmp_path / "again" / "gen2023.csv", PLANTS, mwh=5000.0)
    ingestion = threading.Thread(target=lambda: outcomes.append(ingest_file(again, pg_url)))

    def plants_of_2022(read: Read) -> bytes:
        # The snapshot is taken (by the version's read); now the ingestion runs to its swap.
        ingestion.start()
        swap_waits_or_ends(pg_url, ingestion)
        ids = read.session.scalars(select(Plant.plant_id).where(Plant.year == 2022)).all()
        return orjson.dumps(sorted(ids))

    cache = ResponseCache(pg_url, check_s=3600)
    request = Request({"type": "http", "headers": []})
    answer = asyncio.run(cache.respond(request, "plants of 2022", plants_of_2022))
    ingestion.join(WAIT_S)

    assert orjson.loads(answer.body) == list(range(1, PLANTS + 1))
    assert [outcome.status for outcome in outcomes] == ["succeeded"]
