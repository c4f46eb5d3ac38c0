"""Growth: one file of 1x, 10x and 100x GEN23; rows/s, peak RSS and the COPY floor at each size.

With query, the top-N query is measured on the data each size leaves behind (bench.query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench import query as query_bench
from bench.bigfile import multiplied
from bench.common import (
    GEN23_ROWS,
    Cores,
    Timed,
    checked,
    gridlens,
    gridlens_env,
    median,
    pinned,
    run_timed,
    say,
)
from bench.floor import copy_floor
from bench.ingest import run_seconds
from bench.pg import BenchDatabase, bench_database
from bench.report import Section

MAX_RSS_MB = 500


@dataclass
class Scale:
    copies: int
    wall_s: list[float] = field(default_factory=list)
    run_s: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    floor_s: list[float] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return GEN23_ROWS * self.copies

    def rows_per_s(self) -> float:
        return self.rows / median(self.wall_s)

    def run_rows_per_s(self) -> float:
        return self.rows / median(self.run_s) if self.run_s else float("nan")

    def to_floor(self) -> float:
        return median([ours / floor for ours, floor in zip(self.wall_s, self.floor_s, strict=True)])


def plan(quick: bool, rounds: int | None) -> list[tuple[int, int]]:
    """(copies, rounds) per size."""
    if quick:
        return [(1, 1), (3, 1)]
    if rounds:
        return [(1, rounds), (10, rounds), (100, rounds)]
    return [(1, 3), (10, 3), (100, 3)]


def ingest_file(database: BenchDatabase, copies: int, core: int | None) -> Timed:
    database.empty()
    path = multiplied(copies)
    timed = run_timed(pinned(gridlens("ingest", str(path)), core), env=gridlens_env(database.url))
    return checked(timed, f"gridlens ingest of {path.name}")


def run(*, quick: bool, rounds: int | None, growth: bool, query: bool) -> list[Section]:
    cores = Cores.pick()
    sizes = plan(quick, rounds if growth else 1)
    if not growth:  # the query alone: the smallest and the largest data, loaded once each
        sizes = [sizes[0], sizes[-1]]
    for copies, _ in sizes:
        multiplied(copies)
    scales: list[Scale] = []
    plans: list[query_bench.Measured] = []
    with bench_database() as database:
        for copies, times in sizes:
            scale = Scale(copies)
            for number in range(times):
                ours = ingest_file(database, copies, cores.server)
                scale.wall_s.append(ours.wall_s)
                scale.peak_rss_mb.append(ours.peak_rss_mb)
                if (seconds := run_seconds(ours)) is not None:
                    scale.run_s.append(seconds)
                if growth:
                    scale.floor_s.append(
                        copy_floor(database, multiplied(copies), cores.server).wall_s
                    )
                say(
                    f"growth {copies}x round {number + 1}/{times}: gridlens {ours.wall_s:.1f} s, "
                    f"{ours.peak_rss_mb:.0f} MB"
                    + (f", floor {scale.floor_s[-1]:.1f} s" if growth else "")
                )
            scales.append(scale)
            if query and copies in (sizes[0][0], sizes[-1][0]):
                plans.append(bench_query(database, copies, cores, quick))
    sections = [report(scales, quick)] if growth else []
    if query:
        sections.append(query_bench.report(plans))
    return sections


def bench_query(
    database: BenchDatabase, copies: int, cores: Cores, quick: bool
) -> query_bench.Measured:
    say(f"query: top-N latency on {copies}x data")
    return query_bench.measure(database, copies, cores, quick)


def report(scales: list[Scale], quick: bool) -> Section:
    rows = [
        [
            f"{scale.copies}x",
            f"{scale.rows:,}",
            f"{median(scale.wall_s):.1f}",
            f"{scale.rows_per_s():,.0f}",
            f"{scale.run_rows_per_s():,.0f}",
            f"{max(scale.peak_rss_mb):.0f}",
            f"{median(scale.floor_s):.1f}",
            f"{scale.to_floor():.1f}x",
        ]
        for scale in scales
    ]
    middle, largest = (scales[-2], scales[-1]) if len(scales) > 1 else (scales[0], scales[0])
    flat = largest.run_rows_per_s() / middle.run_rows_per_s()
    peak = max(largest.peak_rss_mb)
    return Section(
        key="growth",
        title=f"Growth: one file of {', '.join(f'{s.copies}x' for s in scales)} GEN23",
        headers=[
            "size",
            "rows",
            "seconds",
            "rows/s",
            "rows/s of the run",
            "peak RSS MB",
            "COPY floor s",
            "gridlens / floor",
        ],
        rows=rows,
        goals=[
            (
                f"rows/s of the run, {largest.copies}x / {middle.copies}x",
                f"{flat:.2f}",
                "≥ 0.75 (flat within 25%)",
                flat >= 0.75,
            ),
            (
                f"peak RSS at {largest.copies}x",
                f"{peak:.0f} MB",
                f"≤ {MAX_RSS_MB} MB",
                peak <= MAX_RSS_MB,
            ),
            (
                f"gridlens / COPY floor at {largest.copies}x (time)",
                f"{largest.to_floor():.1f}x",
                "≤ 4x",
                largest.to_floor() <= 4,
            ),
        ],
        notes=[
            "`gridlens ingest FILE` of a local file into PostgreSQL, each round into emptied "
            "tables; copies of GEN23 with distinct plant codes (bench/bigfile.py). seconds and "
            "rows/s are the whole process (interpreter start-up included); rows/s of the run is "
            "the ingestion's own timer. Peak RSS is the child's own, from wait4(2)."
            + (" Quick run: 3x stands in for 100x." if quick else ""),
        ],
        raw={str(s.copies): vars(s) for s in scales},
    )
