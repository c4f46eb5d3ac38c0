"""Query growth: top-N latency on 1x and 100x data, and the plans that show an index walk."""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql

from bench.common import Cores, median
from bench.pg import BenchDatabase
from bench.report import Section
from gridlens.db.engine import new_session
from gridlens.egrid.states import STATES
from gridlens.plants.queries import generation_totals, top_plants_statement

YEAR = 2023
SCOPES = ("TX", None)  # a state, and the nation


@dataclass
class Measured:
    copies: int
    plants: int
    sql_ms: list[float]
    miss_ms: list[float]
    hit_ms: list[float]
    first_ms: float
    totals_ms: float
    plans: dict[str | None, str]

    def walks_index(self) -> bool:
        """Each plan reads an index in order and stops at the limit: no sort, no scan."""
        return all(
            ("Index Scan using" in plan or "Index Only Scan using" in plan)
            and not any(node in plan for node in ("Sort", "Seq Scan", "Bitmap Heap Scan"))
            for plan in self.plans.values()
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ranking_sql(state: str | None) -> str:
    statement = top_plants_statement(YEAR, state, 10)
    return str(
        statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    )


def sql_latencies(database: BenchDatabase, passes: int) -> list[float]:
    """Client-side milliseconds of the ranking statement, every state in turn, prepared."""
    statements = [ranking_sql(state) for state in sorted(STATES)]
    timings = []
    with database.connect() as conn:
        for sql in statements:  # prepare each once
            conn.execute(sql, prepare=True).fetchall()
        for _ in range(passes):
            for sql in statements:
                started = time.perf_counter()
                conn.execute(sql, prepare=True).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def plans(database: BenchDatabase) -> dict[str | None, str]:
    found = {}
    with database.connect() as conn:
        conn.execute("ANALYZE plants")
        for scope in SCOPES:
            rows = conn.execute(
                f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) {ranking_sql(scope)}"
            ).fetchall()
            found[scope] = "\n".join(str(row[0]) for row in rows)
    return found


def totals_ms(database: BenchDatabase) -> float:
    """What the first answer after a load pays once per process: the year's totals (a read of
    the state_fuel_totals rows ingestion kept)."""
    with new_session(database.url) as session:
        started = time.perf_counter()
        generation_totals(session, YEAR)
        return (time.perf_counter() - started) * 1000


@contextmanager
def on_core(core: int | None) -> Iterator[None]:
    """Run this process (the measuring client) on one core for a while."""
    if core is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {core})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def api_latencies(url: str, token: str, passes: int) -> tuple[float, list[float], list[float]]:
    """(first request after the load, misses, hits) in ms, one keep-alive connection."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Authorization": f"Bearer {token}"}

    def get(path: str) -> float:
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        answer = conn.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{path}: HTTP {answer.status}")
        return (time.perf_counter() - started) * 1000

    first = get("/api/v1/plants/top?n=10&state=TX")
    # Every (n, state) is a new cache key, so each of these queries the database.
    paths = [
        f"/api/v1/plants/top?n={n}&state={state}"
        for n in range(11, 11 + passes)
        for state in sorted(STATES)
    ]
    misses = [get(path) for path in paths]
    hits = [get(path) for path in paths]
    conn.close()
    return first, misses, hits


def measure(database: BenchDatabase, copies: int, cores: Cores, quick: bool) -> Measured:
    from bench.api import api_token, gridlens_server

    passes = 1 if quick else 5
    with database.connect() as conn:
        row = conn.execute("SELECT count(*) FROM plants WHERE year = %s", (YEAR,)).fetchone()
    token = api_token(database.url)
    with gridlens_server(database.url, cores.server) as server, on_core(cores.load):
        first, misses, hits = api_latencies(server.url, token, passes)
    return Measured(
        copies=copies,
        plants=int(str(row[0])) if row else 0,
        sql_ms=sql_latencies(database, passes),
        miss_ms=misses,
        hit_ms=hits,
        first_ms=first,
        totals_ms=totals_ms(database),
        plans=plans(database),
    )


def report(measured: list[Measured]) -> Section:
    rows = [
        [
            f"{m.copies}x",
            f"{m.plants:,}",
            f"{median(m.sql_ms):.2f}",
            f"{percentile(m.sql_ms, 0.99):.2f}",
            f"{median(m.miss_ms):.2f}",
            f"{percentile(m.miss_ms, 0.99):.2f}",
            f"{median(m.hit_ms):.2f}",
            f"{m.first_ms:.0f}",
            f"{m.totals_ms:.0f}",
        ]
        for m in measured
    ]
    small, large = measured[0], measured[-1]
    growth = median(large.sql_ms) / median(small.sql_ms)
    extra = "\n\n".join(
        f"Plan at {m.copies}x, {'TX' if scope else 'all states'}:\n\n```\n{plan}\n```"
        for m in (small, large)
        for scope, plan in m.plans.items()
    )
    return Section(
        key="query",
        title=f"Query growth: top 10 at {small.copies}x and {large.copies}x data",
        headers=[
            "data",
            "plants in 2023",
            "SQL p50 ms",
            "SQL p99 ms",
            "API miss p50 ms",
            "API miss p99 ms",
            "API hit p50 ms",
            "first request after a load ms",
            "totals scan ms",
        ],
        rows=rows,
        goals=[
            (
                "ranking is an index walk (plans below)",
                "yes" if all(m.walks_index() for m in measured) else "no",
                "no Sort, no Seq Scan",
                all(m.walks_index() for m in measured),
            ),
            (f"SQL p50 at {large.copies}x / {small.copies}x", f"{growth:.2f}", "", None),
        ],
        notes=[
            "SQL: the API's ranking statement (plants.queries.top_plants_statement), prepared, "
            "every state in turn, from psycopg on the bench's core. API miss: `GET "
            "/api/v1/plants/top?n=N&state=XX` with a new (n, state) each time, so each queries; "
            "API hit: the same requests again. One keep-alive connection, sequential.",
            "The state and national totals that each answer carries are summed once per data "
            "version and process (the totals scan column), not per request: the first request "
            "after a load pays it.",
        ],
        raw={str(m.copies): vars(m) for m in measured},
        extra=extra,
    )
