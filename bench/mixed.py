"""Mixed questions: random state-or-nation, n 1..200, any loaded year (bench/wrk/mixed.lua), so
the response cache rarely holds the answer; gridlens against Datasette on the same plants, and
the HTTP stack (/healthz) against a bare FastAPI app's ceiling on the same server and core."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bench.api import CONNECTIONS, RATE_PER_MINUTE, Server, api_token, gridlens_server
from bench.common import (
    BIN,
    GEN23,
    WORK,
    BenchError,
    Cores,
    checked,
    free_port,
    gridlens,
    gridlens_env,
    median,
    need_gen22,
    need_gen23,
    pinned,
    run_timed,
    say,
    server,
)
from bench.loadgen import MIXED, Load, cpu_seconds, run_wrk
from bench.pg import BenchDatabase, bench_database
from bench.report import Section
from bench.rounds import Rounds, rotate
from gridlens.egrid.states import STATES

YEARS = (2021, 2022, 2023)
MAX_N = 200
SCHEMA = """
CREATE TABLE plants (
    year INTEGER NOT NULL,
    plant_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    net_generation_mwh REAL,
    nameplate_mw REAL,
    generators INTEGER NOT NULL,
    PRIMARY KEY (year, plant_id)
);
CREATE INDEX ix_plants_year_state_generation ON plants (year, state, net_generation_mwh);
CREATE INDEX ix_plants_year_generation ON plants (year, net_generation_mwh);
"""


def need_gen21() -> Path:
    gen21 = GEN23.with_name("gen21_bom_excel_formatted.csv")
    if not gen21.is_file():
        raise BenchError(f"the shared eGRID data is absent: {gen21} (set GRIDLENS_BENCH_DATA)")
    return gen21


def datasette_db(database: BenchDatabase, out: Path) -> None:
    """Datasette's SQLite copy of the plants gridlens loaded: the same rows, every year."""
    with database.connect() as conn:
        rows = conn.execute(
            "SELECT year, plant_id, name, state, (net_generation_kwh / 1000.0)::float8, "
            "nameplate_mw, "
            "generators FROM plants"
        ).fetchall()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with sqlite3.connect(out) as db:
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO plants VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("ANALYZE")
    db.close()


@contextmanager
def datasette_server(db: Path, core: int | None) -> Iterator[Server]:
    port = free_port()
    command = [BIN / "datasette", "serve", "--immutable", db, "-h", "127.0.0.1", "-p", str(port)]
    with server(
        pinned(command, core),
        ready_url=f"http://127.0.0.1:{port}/-/versions.json",
        log=WORK / "logs" / "datasette-mixed.log",
    ) as child:
        yield Server(f"http://127.0.0.1:{port}", child.pid)


@contextmanager
def bare_server(core: int | None) -> Iterator[Server]:
    port = free_port()
    command = [str(BIN / "python"), "-m", "bench.bare_app", str(port)]
    with server(
        pinned(command, core),
        ready_url=f"http://127.0.0.1:{port}/healthz",
        log=WORK / "logs" / "bare-app.log",
    ) as child:
        yield Server(f"http://127.0.0.1:{port}", child.pid)


@dataclass(frozen=True)
class Target:
    name: str
    server: Server
    style: str = ""  # "gridlens" or "datasette": mixed questions; empty: GET /healthz
    token: str = ""


def _get_json(url: str, token: str = "") -> object:
    request = urllib.request.Request(url)  # noqa: S310 (127.0.0.1 only)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def check_answers(ours: Target, theirs: Target) -> None:
    """Both sides rank the same plants for a question of each year before anything is timed."""
    for year in YEARS:
        mine = _get_json(
            f"{ours.server.url}/api/v1/plants/top?year={year}&n=7&state=NY", ours.token
        )
        their = _get_json(
            f"{theirs.server.url}/plants/plants.json?year={year}&state=NY"
            "&_sort_desc=net_generation_mwh&_size=7"
        )
        my_ids = [plant["plant_id"] for plant in mine["plants"]]  # type: ignore[index]
        at = their["columns"].index("plant_id")  # type: ignore[index]
        their_ids = [row[at] for row in their["rows"]]  # type: ignore[index]
        if my_ids != their_ids or len(my_ids) != 7:
            raise BenchError(
                f"gridlens and Datasette disagree on NY {year}: {my_ids} vs {their_ids}"
            )


def measure(targets: list[Target], rounds: int, seconds: float, cores: Cores) -> Rounds:
    states = sorted(STATES)

    def load(target: Target, duration: float, seed: int) -> Load:
        cpu_before = cpu_seconds(target.server.pid)
        figures = run_wrk(
            target.server.url,
            path="/healthz",
            token=target.token,
            states=states,
            seconds=duration,
            connections=CONNECTIONS,
            core=cores.load,
            **(
                {
                    "script": MIXED,
                    "extra_env": {
                        "BENCH_STYLE": target.style,
                        "BENCH_YEARS": " ".join(map(str, YEARS)),
                        "BENCH_MAX_N": str(MAX_N),
                        "BENCH_SEED": str(seed),
                    },
                }
                if target.style
                else {}
            ),
        )
        return replace(figures, server_cpu_s=cpu_seconds(target.server.pid) - cpu_before)

    return rotate(targets, load, rounds=rounds, seconds=seconds, ratios=RATIOS, label="mixed")


# ratio -> (numerator target, denominator target)
RATIOS = {
    "mixed, cache off / Datasette": ("gridlens, cache off", "datasette"),
    "mixed, cache on / Datasette": ("gridlens", "datasette"),
    "/healthz / bare FastAPI app": ("healthz", "bare"),
}
LABELS = {
    "gridlens": "gridlens `/api/v1/plants/top?year=Y&n=N[&state=XX]`, random (response cache on)",
    "gridlens, cache off": "the same, response cache off (every request queries)",
    "datasette": "Datasette `--immutable`, `?year=Y[&state=XX]&_sort_desc=net_generation_mwh"
    "&_size=N`, random",
    "healthz": "gridlens `/healthz` (its whole HTTP stack)",
    "bare": "bare FastAPI app, one route returning small JSON, no middleware (the ceiling)",
}


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    seconds = 3.0 if quick else 10.0
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        say("mixed: loading gen21, gen22 and gen23 into PostgreSQL with `gridlens ingest`")
        for sheet in (need_gen21(), need_gen22(), need_gen23()):
            checked(
                run_timed(gridlens("ingest", str(sheet)), env=gridlens_env(database.url)),
                "gridlens ingest",
            )
        # Named plants.db: Datasette serves it at /plants, as the api benchmark's.
        db = WORK / "mixed" / "plants.db"
        datasette_db(database, db)
        token = api_token(database.url)
        ours = stack.enter_context(gridlens_server(database.url, cores.server))
        uncached = stack.enter_context(gridlens_server(database.url, cores.server, cached=False))
        theirs = stack.enter_context(datasette_server(db, cores.server))
        bare = stack.enter_context(bare_server(cores.server))
        targets = [
            Target("gridlens", ours, "gridlens", token),
            Target("gridlens, cache off", uncached, "gridlens", token),
            Target("datasette", theirs, "datasette"),
            Target("healthz", ours),
            Target("bare", bare),
        ]
        check_answers(targets[1], targets[2])
        say(f"mixed: {rounds} round(s) of {seconds:.0f} s per target, {cores.describe()}")
        results = measure(targets, rounds, seconds, cores)
    return report(results, rounds, seconds)


def report(results: Rounds, rounds: int, seconds: float) -> Section:
    def ratio(name: str) -> float:
        return median(results.ratios[name])

    rows = [
        [
            label,
            f"{median([x.rps for x in results.loads[name]]):,.0f}",
            f"{median([x.p50_ms for x in results.loads[name]]):.2f}",
            f"{median([x.p99_ms for x in results.loads[name]]):.2f}",
            f"{median([x.per_cpu_s for x in results.loads[name]]):,.0f}",
        ]
        for name, label in LABELS.items()
    ]
    p99_off = median([x.p99_ms for x in results.loads["gridlens, cache off"]])
    return Section(
        key="mixed",
        title="API: mixed questions (the cache rarely holds them)",
        headers=["target", "req/s", "p50 ms", "p99 ms", "req per server CPU-s"],
        rows=rows,
        goals=[
            (
                "gridlens, cache off / Datasette (req/s)",
                f"{ratio('mixed, cache off / Datasette'):.1f}x",
                "≥ 4x",
                ratio("mixed, cache off / Datasette") >= 4,
            ),
            ("gridlens, cache off: p99", f"{p99_off:.0f} ms", "≤ 50 ms", p99_off <= 50),
            (
                "gridlens, cache on / Datasette (req/s)",
                f"{ratio('mixed, cache on / Datasette'):.1f}x",
                "≥ 4x",
                ratio("mixed, cache on / Datasette") >= 4,
            ),
            (
                "gridlens /healthz / bare FastAPI app (req/s)",
                f"{ratio('/healthz / bare FastAPI app'):.0%}",
                "≥ 90%",
                ratio("/healthz / bare FastAPI app") >= 0.90,
            ),
        ],
        notes=[
            f"wrk, 1 thread, {CONNECTIONS} connections, bench/wrk/mixed.lua: each request a state "
            f"(or, one in {len(STATES) + 1}, the nation), n from 1 to {MAX_N} and a year of "
            f"{', '.join(map(str, YEARS))}, at random, a new seed each round; {rounds} round(s) "
            f"of {seconds:.0f} s per target after a warm-up, targets in rotating order; medians "
            "of the rounds, ratios taken within each round.",
            "Datasette serves a SQLite copy of the plants gridlens loaded (every year, indexes on "
            "(year, state, net generation) and (year, net generation)); gridlens runs on "
            f"PostgreSQL with a viewer's API token and a rate limit of {RATE_PER_MINUTE}/min. "
            "All servers on the same core, one process each, the same uvicorn options.",
            "req per server CPU-s (less disturbed by other work on the machine than req/s), as "
            "ratios: "
            + "; ".join(f"{name} {ratio(name + ' per CPU'):.2f}" for name in RATIOS)
            + ".",
        ],
        raw={
            "loads": {n: [vars(x) for x in v] for n, v in results.loads.items()},
            "ratios": results.ratios,
        },
    )
