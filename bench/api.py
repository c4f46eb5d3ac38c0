"""API: top 10 plants by state, every state in turn, 32 connections: gridlens vs Datasette; and
the trend endpoints (state and plant history, top with the previous year's ranks) against plain
top-N on the same run, with the response cache on and off."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace

from bench.common import (
    BIN,
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
from bench.datasette_db import build_plants_db
from bench.loadgen import Load, cpu_seconds, run_wrk
from bench.pg import bench_database
from bench.report import Section
from bench.rounds import Rounds, rotate
from gridlens.egrid.states import STATES

CONNECTIONS = 32
# A limit no load of this bench reaches: the limiter still counts every request, as in production.
RATE_PER_MINUTE = str(10**9)
BENCH_USER = "bench"


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@dataclass(frozen=True)
class Target:
    name: str
    server: Server
    path: str
    token: str = ""
    cycle: tuple[str, ...] = ()  # what %s in path takes in turn; every state when empty

    @property
    def url(self) -> str:
        return self.server.url


def api_token(database_url: str) -> str:
    """A viewer and a personal API token of theirs, made with the gridlens CLI."""
    env = gridlens_env(database_url)
    added = subprocess.run(
        gridlens("users", "add", BENCH_USER, "--role", "viewer", "--password-stdin"),
        input="bench-password-" + "x" * 16 + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if added.returncode != 0 and "exists already" not in added.stderr:
        raise BenchError(f"gridlens users add failed: {added.stderr}")
    created = subprocess.run(
        gridlens("tokens", "create", BENCH_USER, "bench"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    match = re.search(r"(glp_\S+)", created.stdout)
    if match is None:
        raise BenchError(f"no token in `gridlens tokens create` output: {created.stdout}")
    return match.group(1)


def _get_json(url: str, token: str = "") -> object:
    request = urllib.request.Request(url)  # noqa: S310 (127.0.0.1 only)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def check_answers(gridlens_target: Target, datasette: Target) -> None:
    """Both sides answer the same question with the same plants before anything is timed."""
    ours = _get_json(gridlens_target.url + gridlens_target.path % "TX", gridlens_target.token)
    theirs = _get_json(datasette.url + datasette.path % "TX")
    our_ids = [plant["plant_id"] for plant in ours["plants"]]  # type: ignore[index]
    at = theirs["columns"].index("plant_id")  # type: ignore[index]
    their_ids = [row[at] for row in theirs["rows"]]  # type: ignore[index]
    if our_ids != their_ids or our_ids[0] != 6251:  # South Texas Project
        raise BenchError(f"gridlens and Datasette disagree on TX: {our_ids} vs {their_ids}")


def serve_env(database_url: str, otlp_endpoint: str = "") -> dict[str, str]:
    """A measured server's environment: no rate limit in reach, tracing only when asked."""
    env = gridlens_env(database_url, GRIDLENS_API_RATE_PER_MINUTE=RATE_PER_MINUTE)
    # Whatever OTEL_* this shell has, a measured server traces only when asked to.
    for key in [key for key in env if key.startswith("OTEL_")]:
        del env[key]
    if otlp_endpoint:
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp_endpoint
    return env


def serve_command(port: int) -> list[str]:
    """`gridlens serve` as one process (no supervisor) on 127.0.0.1:port."""
    return gridlens("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1")


@contextmanager
def gridlens_server(
    database_url: str, core: int | None, *, cached: bool = True, otlp_endpoint: str = ""
) -> Iterator[Server]:
    """gridlens on core; tracing off unless otlp_endpoint says where its spans go."""
    port = free_port()
    env = serve_env(database_url, otlp_endpoint)
    if cached:
        command = serve_command(port)
    else:
        command = [str(BIN / "python"), "-m", "bench.uncached_app", str(port)]
    name = ("gridlens" if cached else "gridlens-uncached") + ("-traced" if otlp_endpoint else "")
    with server(
        pinned(command, core),
        ready_url=f"http://127.0.0.1:{port}/healthz",
        env=env,
        log=WORK / "logs" / f"{name}.log",
    ) as child:
        yield Server(f"http://127.0.0.1:{port}", child.pid)


@contextmanager
def datasette_server(core: int | None) -> Iterator[Server]:
    db = WORK / "plants.db"
    build_plants_db(need_gen23(), db)
    port = free_port()
    command = [BIN / "datasette", "serve", "--immutable", db, "-h", "127.0.0.1", "-p", str(port)]
    with server(
        pinned(command, core),
        ready_url=f"http://127.0.0.1:{port}/-/versions.json",
        log=WORK / "logs" / "datasette.log",
    ) as child:
        yield Server(f"http://127.0.0.1:{port}", child.pid)


def measure(targets: list[Target], rounds: int, seconds: float, cores: Cores) -> Rounds:
    """Warm each target, then rounds in which every target runs once, in a rotating order."""
    states = sorted(STATES)

    def load(target: Target, duration: float, _seed: int) -> Load:  # states in turn, no seed
        cpu_before = cpu_seconds(target.server.pid)
        figures = run_wrk(
            target.url,
            path=target.path,
            token=target.token,
            states=list(target.cycle) or states,
            seconds=duration,
            connections=CONNECTIONS,
            core=cores.load,
        )
        return replace(figures, server_cpu_s=cpu_seconds(target.server.pid) - cpu_before)

    return rotate(targets, load, rounds=rounds, seconds=seconds, ratios=RATIOS, label="api")


# Plain top-N: 2022, the earliest year loaded, has no previous year to look ranks up in.
PLAIN = "/api/v1/plants/top?n=10&state=%s&year=2022"
WITH_PREVIOUS = "/api/v1/plants/top?n=10&state=%s&year=2023"
STATE_HISTORY = "/api/v1/states/%s/history"
PLANT_HISTORY = "/api/v1/plants/%s/history"
UNCACHED = ", response cache off"
# ratio name -> (trend target, the plain top-N target of the same cache setting)
TRENDS = {
    f"{trend}{cache} / plain top-N{cache}": (f"{trend}{cache}", f"plain top-N{cache}")
    for trend in ("top with previous", "state history", "plant history")
    for cache in ("", UNCACHED)
}
# ratio name -> (numerator target, denominator target), each also taken per server CPU second
RATIOS = {"datasette": ("gridlens", "datasette"), "ceiling": ("gridlens", "healthz"), **TRENDS}


def trend_targets(cached: Server, uncached: Server, token: str) -> list[Target]:
    """Plain top-N, top with previous, state and plant history; on each server."""
    plants = _get_json(f"{cached.url}/api/v1/plants/top?n=52&year=2023", token)
    plant_ids = tuple(str(p["plant_id"]) for p in plants["plants"])  # type: ignore[index]
    targets = []
    for server_, cache in ((cached, ""), (uncached, UNCACHED)):
        targets += [
            Target(f"plain top-N{cache}", server_, PLAIN, token),
            Target(f"top with previous{cache}", server_, WITH_PREVIOUS, token),
            Target(f"state history{cache}", server_, STATE_HISTORY, token),
            Target(f"plant history{cache}", server_, PLANT_HISTORY, token, plant_ids),
        ]
    return targets


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    seconds = 3.0 if quick else 10.0
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        # Two years, so trends have a previous year; the latest (2023) is what Datasette holds.
        say("api: loading gen22 and gen23 into PostgreSQL with `gridlens ingest`")
        for sheet in (need_gen22(), need_gen23()):
            checked(
                run_timed(gridlens("ingest", str(sheet)), env=gridlens_env(database.url)),
                "gridlens ingest",
            )
        token = api_token(database.url)
        ours = stack.enter_context(gridlens_server(database.url, cores.server))
        uncached = stack.enter_context(gridlens_server(database.url, cores.server, cached=False))
        theirs = stack.enter_context(datasette_server(cores.server))
        top = "/api/v1/plants/top?n=10&state=%s"
        targets = [
            Target("gridlens", ours, top, token),
            Target("gridlens, response cache off", uncached, top, token),
            Target(
                "datasette",
                theirs,
                "/plants/plants.json?state=%s&_sort_desc=net_generation_mwh&_size=10",
            ),
            Target("healthz", ours, "/healthz"),
            *trend_targets(ours, uncached, token),
        ]
        check_answers(targets[0], targets[2])
        say(f"api: {rounds} round(s) of {seconds:.0f} s per target, {cores.describe()}")
        results = measure(targets, rounds, seconds, cores)
    return report(results, rounds, seconds)


LABELS = {
    "gridlens": "gridlens `/api/v1/plants/top?n=10&state=XX` (PostgreSQL, API token)",
    "gridlens, response cache off": "the same, response cache off (every request queries)",
    "datasette": "Datasette `--immutable`, `?state=XX&_sort_desc=net_generation_mwh&_size=10`",
    "healthz": "gridlens `/healthz` (the ceiling of its HTTP stack)",
    "plain top-N": "plain top-N `/api/v1/plants/top?n=10&state=XX&year=2022` (no previous year)",
    "top with previous": "top with previous: the same `&year=2023` (with 2022's ranks)",
    "state history": "state history `/api/v1/states/XX/history`",
    "plant history": "plant history `/api/v1/plants/ID/history`, the 52 largest plants in turn",
    **{
        f"{name}{UNCACHED}": f"{name}, response cache off"
        for name in ("plain top-N", "top with previous", "state history", "plant history")
    },
}


def report(results: Rounds, rounds: int, seconds: float) -> Section:
    ratio_to_datasette = median(results.ratios["datasette"])
    share_of_ceiling = median(results.ratios["ceiling"])
    rows = []
    for name, label in LABELS.items():
        loads = results.loads[name]
        rows.append(
            [
                label,
                f"{median([x.rps for x in loads]):,.0f}",
                f"{median([x.p50_ms for x in loads]):.2f}",
                f"{median([x.p99_ms for x in loads]):.2f}",
                f"{median([x.per_cpu_s for x in loads]):,.0f}",
            ]
        )
    return Section(
        key="api",
        title="API: top 10 plants by state",
        headers=["target", "req/s", "p50 ms", "p99 ms", "req per server CPU-s"],
        rows=rows,
        goals=[
            (
                "gridlens / Datasette (req/s)",
                f"{ratio_to_datasette:.1f}x",
                "≥ 8x",
                ratio_to_datasette >= 8,
            ),
            (
                "gridlens / its /healthz ceiling (req/s)",
                f"{share_of_ceiling:.0%}",
                "≥ 70%",
                share_of_ceiling >= 0.70,
            ),
            *(
                (
                    f"{name} (req/s)",
                    f"{median(results.ratios[name]):.0%}",
                    "≥ 80%",
                    median(results.ratios[name]) >= 0.80,
                )
                for name in TRENDS
            ),
        ],
        notes=[
            f"wrk, 1 thread, {CONNECTIONS} connections, every state in turn; {rounds} round(s) of "
            f"{seconds:.0f} s per target after a warm-up, targets in rotating order; medians of "
            "the rounds, ratios taken within each round.",
            "req per server CPU-s: requests over the CPU time the server process used meanwhile "
            "(/proc), which other work on the machine disturbs less than req/s: by it gridlens "
            f"does {median(results.ratios['datasette per CPU']):.1f}x Datasette's work per CPU "
            f"second and {median(results.ratios['ceiling per CPU']):.0%} of /healthz's.",
            "Trend endpoints per server CPU-s, as a share of plain top-N's: "
            + "; ".join(
                f"{name} {median(results.ratios[name + ' per CPU']):.0%}" for name in TRENDS
            )
            + ".",
        ],
        raw={
            "loads": {n: [vars(x) for x in v] for n, v in results.loads.items()},
            "ratios": results.ratios,
        },
    )
