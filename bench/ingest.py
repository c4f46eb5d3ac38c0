"""Ingest: GEN23 from an S3 endpoint into PostgreSQL, vs the `psql \\copy` floor and pandas."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3

from bench.common import (
    BIN,
    GEN23_ROWS,
    WORK,
    Cores,
    Timed,
    checked,
    free_port,
    gridlens,
    gridlens_env,
    median,
    need_gen23,
    pinned,
    run_timed,
    say,
    server,
)
from bench.floor import copy_floor
from bench.pg import BenchDatabase, bench_database
from bench.report import Section

BUCKET = "gridlens-bench"
KEY = "egrid/gen23.csv"
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench-secret",
    "AWS_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
# "gen23.csv: 2023 loaded: ... in 1.23s (…)": the run's own time, without process start-up.
_RUN_SECONDS = re.compile(r" in ([0-9.]+)s \(")


@dataclass(frozen=True)
class Endpoint:
    url: str

    def env(self) -> dict[str, str]:
        kept = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        return {**kept, **S3_ENV, "AWS_ENDPOINT_URL": self.url}


@contextmanager
def s3_endpoint(core: int | None) -> Iterator[Endpoint]:
    """moto's S3 server in its own process (not sharing a GIL with anything measured)."""
    port = free_port()
    command = [BIN / "python", "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    endpoint = Endpoint(f"http://127.0.0.1:{port}")
    with server(
        pinned(command, core),
        ready_url=f"{endpoint.url}/moto-api/",
        env=endpoint.env(),
        log=WORK / "logs" / "moto.log",
    ):
        yield endpoint


def upload(endpoint: Endpoint) -> str:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint.url,
        aws_access_key_id=S3_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_ENV["AWS_SECRET_ACCESS_KEY"],
        region_name=S3_ENV["AWS_REGION"],
    )
    client.create_bucket(Bucket=BUCKET)
    client.upload_file(str(need_gen23()), BUCKET, KEY)
    return f"s3://{BUCKET}/{KEY}"


def ingest_gridlens(
    database: BenchDatabase, source: str, env: dict[str, str], core: int | None
) -> Timed:
    database.empty()
    timed = run_timed(pinned(gridlens("ingest", source), core), env=env)
    return checked(timed, "gridlens ingest")


def run_seconds(timed: Timed) -> float | None:
    match = _RUN_SECONDS.search(timed.output)
    return float(match.group(1)) if match else None


def ingest_pandas(database: BenchDatabase, endpoint: Endpoint, core: int | None) -> Timed:
    with database.connect() as conn:
        conn.execute("DROP TABLE IF EXISTS naive_pandas")
        conn.execute("CHECKPOINT")
    command = [BIN / "python", "-m", "bench.naive_pandas", database.url, BUCKET, KEY]
    return checked(run_timed(pinned(command, core), env=endpoint.env()), "the pandas baseline")


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    times: dict[str, list[float]] = {"gridlens": [], "floor": [], "pandas": []}
    inside: list[float] = []
    peak: list[float] = []
    ratios: dict[str, list[float]] = {"floor": [], "pandas": []}
    with bench_database() as database, s3_endpoint(cores.load) as endpoint:
        source = upload(endpoint)
        env = gridlens_env(database.url) | endpoint.env()
        say(f"ingest: {rounds} round(s) of gridlens, psql \\copy and pandas; {cores.describe()}")
        # Once unmeasured: whatever the first run alone does (bytecode of lazy imports) is done.
        ingest_gridlens(database, source, env, cores.server)
        ingest_pandas(database, endpoint, cores.server)
        for number in range(rounds):
            ours = ingest_gridlens(database, source, env, cores.server)
            floor = copy_floor(database, need_gen23(), cores.server)
            naive = ingest_pandas(database, endpoint, cores.server)
            times["gridlens"].append(ours.wall_s)
            times["floor"].append(floor.wall_s)
            times["pandas"].append(naive.wall_s)
            peak.append(ours.peak_rss_mb)
            if (seconds := run_seconds(ours)) is not None:
                inside.append(seconds)
            ratios["floor"].append(ours.wall_s / floor.wall_s)
            ratios["pandas"].append(naive.wall_s / ours.wall_s)
            say(
                f"ingest round {number + 1}/{rounds}: gridlens {ours.wall_s:.2f} s, "
                f"floor {floor.wall_s:.2f} s, pandas {naive.wall_s:.2f} s"
            )
    to_floor = median(ratios["floor"])
    run_to_floor = median(inside) / median(times["floor"]) if inside else float("nan")
    rows = [
        _row("gridlens: `gridlens ingest s3://…/gen23.csv`, whole process", times["gridlens"]),
        _row("…of which the run itself (its own timer, no interpreter start-up)", inside),
        _row("floor: `psql \\copy` of the same bytes into an unlogged text table", times["floor"]),
        _row("naive: pandas `read_csv` from S3 + `to_sql`", times["pandas"]),
    ]
    return Section(
        key="ingest",
        title="Ingest: GEN23 from S3 into PostgreSQL",
        headers=["what", "seconds", "rows/s"],
        rows=rows,
        goals=[
            ("gridlens / COPY floor (time)", f"{to_floor:.1f}x", "≤ 4x", to_floor <= 4),
            ("naive pandas / gridlens (time)", f"{median(ratios['pandas']):.1f}x", "", None),
        ],
        notes=[
            f"{GEN23_ROWS:,} generator rows, {rounds} round(s), medians; a fresh (truncated) "
            "database each round. gridlens validates, rejects, aggregates plants and swaps the "
            "year in one transaction; the floor and pandas only store text or raw columns.",
            f"Peak RSS of `gridlens ingest`: {median(peak):.0f} MB. The run alone (without the "
            f"interpreter's start, imports and schema check) is {run_to_floor:.1f}x the floor; "
            "at this size start-up is most of the whole (growth shows larger files).",
        ],
        raw={"times": times, "inside": inside, "peak_rss_mb": peak, "ratios": ratios},
    )


def _row(label: str, seconds: list[float]) -> list[str]:
    if not seconds:
        return [label, "n/a", "n/a"]
    value = median(seconds)
    return [label, f"{value:.2f}", f"{GEN23_ROWS / value:,.0f}"]
