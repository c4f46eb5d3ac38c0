"""Mixed questions: random state-or-nation, n 1..200, any loaded year (bench/wrk/mixed.lua), so
the response cache rarely holds the answer; gridlens against Datasette on the same plants, at 1x
and at 100x the data (mixed_data.py) in the same rounds; and the HTTP stack (/healthz) against a
bare FastAPI app's ceiling on the same server and core."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bench.api import CONNECTIONS, RATE_PER_MINUTE, Server, api_token, gridlens_server
from bench.bigfile import PLANT_STRIDE
from bench.common import (
    BIN,
    WORK,
    BenchError,
    Cores,
    free_port,
    median,
    pinned,
    say,
    server,
)
from bench.loadgen import MIXED, SCRIPT, Load, cpu_seconds, run_wrk
from bench.mixed_data import YEARS, Scale, loaded
from bench.report import Section
from bench.rounds import Rounds, rotate
from gridlens.egrid.states import STATES

MAX_N = 200
SCALES = (1, 100)  # copies of every plant: 1x and 100x the data (~1.26 M plants a year)
QUICK_SCALES = (1, 3)  # a quick run proves the bench works; 3x stands in for 100x
# The goal: at 100x the data within 20% of the 1x figures (request rate and latency).
MIN_RATE_GROWTH, MAX_LATENCY_GROWTH = 0.80, 1.20
# Datasette without the row count and facet suggestions it adds to each answer by default.
LEAN = "&_nocount=1&_nosuggest=1"
SIDES = ("gridlens", "gridlens, cache off", "datasette", "datasette, lean")


@contextmanager
def datasette_server(db: Path, core: int | None) -> Iterator[Server]:
    port = free_port()
    command = [BIN / "datasette", "serve", "--immutable", db, "-h", "127.0.0.1", "-p", str(port)]
    with server(
        pinned(command, core),
        ready_url=f"http://127.0.0.1:{port}/-/versions.json",
        log=WORK / "logs" / f"datasette-mixed-{db.parent.name}.log",
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
    extra: str = ""  # more of Datasette's query string


def name(side: str, scale: int) -> str:
    """A target's name: side is one of SIDES."""
    return f"{side}, {scale}x"


def _get_json(url: str, token: str = "") -> object:
    request = urllib.request.Request(url)  # noqa: S310 (127.0.0.1 only)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
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
        # Copies of a plant tie: gridlens breaks ties by plant id, Datasette walks its index
        # backwards (plant id descending), so compare the plants the copies were made from.
        my_ids = [plant["plant_id"] % PLANT_STRIDE for plant in mine["plants"]]  # type: ignore[index]
        at = their["columns"].index("plant_id")  # type: ignore[index]
        their_ids = [row[at] % PLANT_STRIDE for row in their["rows"]]  # type: ignore[index]
        if my_ids != their_ids or len(my_ids) != 7:
            raise BenchError(
                f"gridlens and Datasette disagree on NY {year} ({ours.name}): "
                f"{my_ids} vs {their_ids}"
            )


def ratios(scales: Sequence[int]) -> dict[str, tuple[str, str]]:
    """ratio -> (numerator target, denominator target), each taken within a round."""
    found = {}
    for scale in scales:
        found[f"mixed {scale}x, cache off / Datasette"] = (
            name("gridlens, cache off", scale),
            name("datasette", scale),
        )
        found[f"mixed {scale}x, cache on / Datasette"] = (
            name("gridlens", scale),
            name("datasette", scale),
        )
        found[f"mixed {scale}x, cache off / Datasette lean"] = (
            name("gridlens, cache off", scale),
            name("datasette, lean", scale),
        )
    found["/healthz / bare FastAPI app"] = ("healthz", "bare")
    base = scales[0]
    for scale in scales[1:]:
        for side in SIDES:
            found[f"{side}, {scale}x / {base}x"] = (name(side, scale), name(side, base))
    return found


def measure(
    targets: list[Target], rounds: int, seconds: float, cores: Cores, scales: Sequence[int]
) -> Rounds:
    states = sorted(STATES)

    def load(target: Target, duration: float, seed: int) -> Load:
        questions = {
            "BENCH_STYLE": target.style,
            "BENCH_YEARS": " ".join(map(str, YEARS)),
            "BENCH_MAX_N": str(MAX_N),
            "BENCH_SEED": str(seed),
            "BENCH_DATASETTE_EXTRA": target.extra,
        }
        cpu_before = cpu_seconds(target.server.pid)
        figures = run_wrk(
            target.server.url,
            path="/healthz",
            token=target.token,
            states=states,
            seconds=duration,
            connections=CONNECTIONS,
            core=cores.load,
            # Mixed questions for a style, else GET /healthz over and over.
            script=MIXED if target.style else SCRIPT,
            extra_env=questions if target.style else None,
        )
        return replace(figures, server_cpu_s=cpu_seconds(target.server.pid) - cpu_before)

    # Datasette with its defaults can time out at 100x the data: counted, not fatal.
    slow = [name(side, scale) for side in ("datasette", "datasette, lean") for scale in scales]
    return rotate(
        targets,
        load,
        rounds=rounds,
        seconds=seconds,
        ratios=ratios(scales),
        label="mixed",
        errors_allowed=slow,
    )


def serve(stack: ExitStack, data: Scale, cores: Cores) -> list[Target]:
    """gridlens (response cache on and off) and Datasette on one scale's data, answers checked."""
    token = api_token(data.database.url)
    ours = stack.enter_context(gridlens_server(data.database.url, cores.server))
    uncached = stack.enter_context(gridlens_server(data.database.url, cores.server, cached=False))
    theirs = stack.enter_context(datasette_server(data.sqlite, cores.server))
    targets = [
        Target(name("gridlens", data.copies), ours, "gridlens", token),
        Target(name("gridlens, cache off", data.copies), uncached, "gridlens", token),
        Target(name("datasette", data.copies), theirs, "datasette"),
        Target(name("datasette, lean", data.copies), theirs, "datasette", extra=LEAN),
    ]
    check_answers(targets[1], targets[2])
    return targets


def run(*, quick: bool, rounds: int | None = None, scales: Sequence[int] | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    seconds = 3.0 if quick else 10.0
    scales = sorted(set(scales or (QUICK_SCALES if quick else SCALES)))
    with ExitStack() as stack:
        data = [stack.enter_context(loaded(copies)) for copies in scales]
        per_scale = [serve(stack, scale, cores) for scale in data]
        bare = stack.enter_context(bare_server(cores.server))
        # Scales side by side (gridlens 1x, gridlens 100x, ...), so each round alternates them.
        targets = [target for sides in zip(*per_scale, strict=True) for target in sides]
        targets += [Target("healthz", per_scale[0][0].server), Target("bare", bare)]
        say(
            f"mixed: {len(targets)} targets, {rounds} round(s) of {seconds:.0f} s each, "
            f"{cores.describe()}"
        )
        results = measure(targets, rounds, seconds, cores, scales)
    return report(results, data, rounds, seconds)


def _per_round(results: Rounds, top: str, bottom: str, figure: str) -> float:
    """The median over rounds of one latency's ratio (top's over bottom's) within each round."""
    pairs = zip(results.loads[top], results.loads[bottom], strict=True)
    return median([getattr(upper, figure) / getattr(lower, figure) for upper, lower in pairs])


LABELS = {
    "gridlens": "gridlens `/api/v1/plants/top?year=Y&n=N[&state=XX]`, random (response cache on)",
    "gridlens, cache off": "the same, response cache off (every request queries)",
    "datasette": "Datasette `--immutable`, `?year=Y[&state=XX]&_sort_desc=net_generation_mwh"
    "&_size=N`, random",
    "datasette, lean": f"the same Datasette with `{LEAN}` (no row count, no facet suggestions)",
    "healthz": "gridlens `/healthz` (its whole HTTP stack)",
    "bare": "bare FastAPI app, one route returning small JSON, no middleware (the ceiling)",
}


def report(results: Rounds, data: list[Scale], rounds: int, seconds: float) -> Section:
    def ratio(key: str) -> float:
        return median(results.ratios[key])

    def figures(target: str) -> list[str]:
        loads = results.loads[target]
        return [
            f"{median([x.rps for x in loads]):,.0f}",
            f"{median([x.p50_ms for x in loads]):.2f}",
            f"{median([x.p99_ms for x in loads]):.2f}",
            f"{median([x.per_cpu_s for x in loads]):,.0f}",
            f"{sum(x.errors for x in loads):,}",
        ]

    scales = [scale.copies for scale in data]
    rows = [
        [LABELS[side], f"{scale}x", *figures(name(side, scale))]
        for side in SIDES
        for scale in scales
    ]
    rows += [[LABELS[side], f"{scales[0]}x", *figures(side)] for side in ("healthz", "bare")]
    goals: list[tuple[str, str, str, bool | None]] = []
    for scale in scales:
        off = ratio(f"mixed {scale}x, cache off / Datasette")
        on = ratio(f"mixed {scale}x, cache on / Datasette")
        lean = ratio(f"mixed {scale}x, cache off / Datasette lean")
        p99 = median([x.p99_ms for x in results.loads[name("gridlens, cache off", scale)]])
        goals += [
            (f"{scale}x: gridlens, cache off / Datasette (req/s)", f"{off:.1f}x", "≥ 4x", off >= 4),
            (f"{scale}x: gridlens, cache off: p99", f"{p99:.0f} ms", "≤ 50 ms", p99 <= 50),
            (f"{scale}x: gridlens, cache on / Datasette (req/s)", f"{on:.1f}x", "≥ 4x", on >= 4),
            (f"{scale}x: gridlens, cache off / Datasette lean (req/s)", f"{lean:.1f}x", "", None),
        ]
    healthz = ratio("/healthz / bare FastAPI app")
    goals.append(
        ("gridlens /healthz / bare FastAPI app (req/s)", f"{healthz:.0%}", "≥ 90%", healthz >= 0.9)
    )
    base = scales[0]
    for scale in scales[1:]:
        large, small = name("gridlens, cache off", scale), name("gridlens, cache off", base)
        rate = ratio(f"gridlens, cache off, {scale}x / {base}x")
        p50 = _per_round(results, large, small, "p50_ms")
        p99 = _per_round(results, large, small, "p99_ms")
        theirs = ratio(f"datasette, {scale}x / {base}x")
        theirs_lean = ratio(f"datasette, lean, {scale}x / {base}x")
        goals += [
            (
                f"gridlens, cache off: req/s at {scale}x / {base}x",
                f"{rate:.2f}",
                f"≥ {MIN_RATE_GROWTH:.2f}",
                rate >= MIN_RATE_GROWTH,
            ),
            (
                f"gridlens, cache off: p50 at {scale}x / {base}x",
                f"{p50:.2f}",
                f"≤ {MAX_LATENCY_GROWTH:.2f}",
                p50 <= MAX_LATENCY_GROWTH,
            ),
            (
                f"gridlens, cache off: p99 at {scale}x / {base}x",
                f"{p99:.2f}",
                f"≤ {MAX_LATENCY_GROWTH:.2f}",
                p99 <= MAX_LATENCY_GROWTH,
            ),
            (f"Datasette: req/s at {scale}x / {base}x", f"{theirs:.2f}", "", None),
            (f"Datasette lean: req/s at {scale}x / {base}x", f"{theirs_lean:.2f}", "", None),
        ]
    return Section(
        key="mixed",
        title="API: mixed questions (the cache rarely holds them), "
        + " and ".join(f"{scale}x" for scale in scales)
        + " the data",
        headers=[
            "target",
            "data",
            "req/s",
            "p50 ms",
            "p99 ms",
            "req per server CPU-s",
            "failed requests",
        ],
        rows=rows,
        goals=goals,
        notes=notes(results, data, rounds, seconds),
        raw={
            "scales": {
                scale.label: {
                    "plants_2023": scale.plants_per_year,
                    "load_s": scale.load_s,
                    "copy_s": scale.copy_s,
                }
                for scale in data
            },
            "loads": {n: [vars(x) for x in v] for n, v in results.loads.items()},
            "ratios": results.ratios,
        },
    )


def notes(results: Rounds, data: list[Scale], rounds: int, seconds: float) -> list[str]:
    per_cpu = sorted(key for key in results.ratios if key.endswith(" per CPU"))
    return [
        f"wrk, 1 thread, {CONNECTIONS} connections, bench/wrk/mixed.lua: each request a state "
        f"(or, one in {len(STATES) + 1}, the nation), n from 1 to {MAX_N} and a year of "
        f"{', '.join(map(str, YEARS))}, at random, a new seed each round (the same for every "
        f"target of a round); {rounds} round(s) of {seconds:.0f} s per target after a warm-up, "
        "targets in rotating order, the scales side by side; medians of the rounds, ratios "
        "taken within each round (p50 and p99 ratios too).",
        "Data: "
        + "; ".join(
            f"{scale.label} {scale.plants_per_year:,} plants in 2023 (`gridlens ingest` of the "
            f"three years {scale.load_s:.0f} s, SQLite copy {scale.copy_s:.0f} s)"
            for scale in data
        )
        + ". Beyond 1x, every plant of GEN21-GEN23 is copied under new ORISPL codes "
        "(bench/bigfile.py), so the states stay the same and each holds N times the plants; "
        "the copies tie: gridlens breaks ties by plant id, Datasette by its index walked "
        "backwards.",
        "Datasette serves a SQLite copy of the plants gridlens loaded (every year, indexes on "
        "(year, state, net generation) and (year, net generation) at every scale); with its "
        "defaults it also counts the matching rows and tries facet suggestions on each request, "
        f"which grow with the data: the lean rows ask it not to (`{LEAN}`). gridlens runs on "
        f"PostgreSQL with a viewer's API token and a rate limit of {RATE_PER_MINUTE}/min. All "
        "servers on the same core, one process each, the same uvicorn options.",
        "req per server CPU-s (less disturbed by other work on the machine than req/s), as "
        "ratios: "
        + "; ".join(
            f"{key.removesuffix(' per CPU')} {median(results.ratios[key]):.2f}" for key in per_cpu
        )
        + ".",
    ]
