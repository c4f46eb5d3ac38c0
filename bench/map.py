"""Map: the nation's plant map (`/plants/map?limit=5000`, GeoJSON) against the nation's top 1,000
(`/plants/top?n=1000`) on the same run, gzipped as a browser takes them, response cache off and
on (issue 18: the map within 2x of top n=1000)."""

from __future__ import annotations

import gzip
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, replace

from bench.api import Server, api_token, gridlens_server
from bench.common import (
    SHARED_EGRID,
    BenchError,
    Cores,
    checked,
    gridlens,
    gridlens_env,
    median,
    need_gen23,
    run_timed,
    say,
)
from bench.loadgen import Load, cpu_seconds, run_wrk
from bench.pg import bench_database
from bench.report import Section
from bench.rounds import Rounds, rotate

MAP = "/api/v1/plants/map?limit=5000"
TOP = "/api/v1/plants/top?n=1000"
GZIP = {"BENCH_ACCEPT_ENCODING": "gzip, deflate, br"}  # what Chromium sends
UNCACHED = ", response cache off"
# A few at a time, as a few browsers: at 32, a cache miss of either waits longer than a quick round.
CONNECTIONS = 4
EIA_LOCATIONS = SHARED_EGRID.parent / "eia" / "power_plants_202311.csv"


@dataclass(frozen=True)
class Target:
    name: str
    server: Server
    path: str
    token: str


def need_locations() -> str:
    if not EIA_LOCATIONS.is_file():
        raise BenchError(f"the shared EIA plant locations are absent: {EIA_LOCATIONS}")
    return str(EIA_LOCATIONS)


def body_sizes(target: Target) -> tuple[int, int]:
    """The answer's JSON and gzipped sizes in bytes; BenchError unless it comes gzipped."""
    request = urllib.request.Request(target.server.url + target.path)  # noqa: S310 (127.0.0.1)
    request.add_header("Authorization", f"Bearer {target.token}")
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        zipped = answer.read()
        if answer.headers.get("content-encoding") != "gzip":
            raise BenchError(f"{target.path} came without gzip")
    return len(gzip.decompress(zipped)), len(zipped)


def measure(targets: list[Target], rounds: int, seconds: float, cores: Cores) -> Rounds:
    def load(target: Target, duration: float, _seed: int) -> Load:
        cpu_before = cpu_seconds(target.server.pid)
        figures = run_wrk(
            target.server.url,
            path=target.path,
            token=target.token,
            states=[],
            seconds=duration,
            connections=CONNECTIONS,
            core=cores.load,
            extra_env=GZIP,
        )
        return replace(figures, server_cpu_s=cpu_seconds(target.server.pid) - cpu_before)

    return rotate(targets, load, rounds=rounds, seconds=seconds, ratios=RATIOS, label="map")


# ratio name -> (top n=1000, the map) of one cache setting: how many times slower the map is
RATIOS = {
    f"top n=1000 / map{cache}": (f"top n=1000{cache}", f"map{cache}") for cache in (UNCACHED, "")
}
LABELS = {
    f"map{UNCACHED}": f"`{MAP}`, response cache off (every request queries and compresses)",
    f"top n=1000{UNCACHED}": f"`{TOP}`, response cache off",
    "map": f"`{MAP}`, response cache on",
    "top n=1000": f"`{TOP}`, response cache on",
}


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    seconds = 5.0 if quick else 10.0
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        say("map: loading gen23 and the EIA plant locations with `gridlens ingest`")
        for source in (str(need_gen23()), need_locations()):
            checked(
                run_timed(gridlens("ingest", source), env=gridlens_env(database.url)),
                "gridlens ingest",
            )
        token = api_token(database.url)
        cached = stack.enter_context(gridlens_server(database.url, cores.server))
        uncached = stack.enter_context(gridlens_server(database.url, cores.server, cached=False))
        targets = [
            Target(f"{name}{cache}", server_, path, token)
            for server_, cache in ((uncached, UNCACHED), (cached, ""))
            for name, path in (("map", MAP), ("top n=1000", TOP))
        ]
        sizes = {target.path: body_sizes(target) for target in targets[:2]}
        say(f"map: {rounds} round(s) of {seconds:.0f} s per target, {cores.describe()}")
        results = measure(targets, rounds, seconds, cores)
    return report(results, rounds, seconds, sizes)


def report(
    results: Rounds, rounds: int, seconds: float, sizes: dict[str, tuple[int, int]]
) -> Section:
    def per_cpu(name: str) -> float:
        return median(results.ratios[f"{name} per CPU"])

    rows = [
        [
            label,
            f"{median([x.rps for x in results.loads[name]]):,.1f}",
            f"{median([x.p50_ms for x in results.loads[name]]):.1f}",
            f"{median([x.p99_ms for x in results.loads[name]]):.1f}",
            f"{median([x.per_cpu_s for x in results.loads[name]]):,.1f}",
        ]
        for name, label in LABELS.items()
    ]
    return Section(
        key="map",
        title="Map: nation GeoJSON against top n=1000",
        headers=["target", "req/s", "p50 ms", "p99 ms", "req per server CPU-s"],
        rows=rows,
        goals=[
            (
                f"top n=1000 / map{cache} (req/s)",
                f"{median(results.ratios[name]):.2f}x",
                "≤ 2x",
                median(results.ratios[name]) <= 2,
            )
            for cache, name in (
                (" (cache off)", f"top n=1000 / map{UNCACHED}"),
                ("", "top n=1000 / map"),
            )
        ],
        notes=[
            f"wrk, 1 thread, {CONNECTIONS} connections, `Accept-Encoding: gzip, deflate, br`, "
            f"an API token; gen23 and the EIA plant locations loaded; {rounds} round(s) of "
            f"{seconds:.0f} s per target after a warm-up, targets in rotating order; medians "
            "of the rounds, ratios taken within each round.",
            "Bodies (JSON / gzipped): "
            + "; ".join(f"`{path}` {j:,} / {z:,} bytes" for path, (j, z) in sizes.items())
            + ".",
            "Per server CPU-s, top n=1000 / map: "
            + "; ".join(f"{name} {per_cpu(name):.2f}x" for name in RATIOS)
            + ".",
        ],
        raw={
            "loads": {n: [vars(x) for x in v] for n, v in results.loads.items()},
            "ratios": results.ratios,
            "sizes": sizes,
        },
    )
