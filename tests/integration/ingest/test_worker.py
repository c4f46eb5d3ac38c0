"""Workers on real PostgreSQL: each run once, killed workers leave years whole, outages ride out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from gridlens.ingest.queue import enqueue
from tests.integration.ingest.bigfile import multiply_gen23
from tests.integration.ingest.helpers import ingest_file, rows, scalar, top_plants
from tests.integration.ingest.tcp_gate import TcpGate

GRIDLENS = Path(sys.executable).parent / "gridlens"
REAL_FILES = {
    "gen21_bom_excel_formatted.csv": (2021, 25_031),
    "gen22_excel_formatted.csv": (2022, 25_843),
    "gen23.csv": (2023, 26_601),
}


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(GRIDLENS), "worker", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition: object, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout_s:.0f}s waiting for {what}")


def test_two_workers_run_each_file_once(pg_url: str, shared_egrid: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    for name in REAL_FILES:
        (store / name).symlink_to(shared_egrid / name)
        enqueue(pg_url, name)
    enqueue(pg_url, "gen23.csv")  # a second request for the same file: a recorded no-op
    env = {"GRIDLENS_DATABASE_URL": pg_url, "GRIDLENS_STORE_URL": str(store)}
    workers = [start_worker(env, "--once") for _ in range(2)]
    for worker in workers:
        worker.wait(timeout=300)
        assert worker.returncode == 0
    runs = rows(pg_url, "SELECT source, status, rows_loaded, worker FROM ingestions ORDER BY id")
    # The two gen23 runs may finish in either order: one loads, the other finds it loaded.
    assert sorted((s, st, n) for s, st, n, _ in runs) == [
        ("gen21_bom_excel_formatted.csv", "succeeded", 25_031),
        ("gen22_excel_formatted.csv", "succeeded", 25_843),
        ("gen23.csv", "skipped", 0),
        ("gen23.csv", "succeeded", 26_601),
    ]
    assert len({worker for *_, worker in runs}) == 2  # both workers took runs
    assert rows(pg_url, "SELECT year, COUNT(*) FROM generators GROUP BY year ORDER BY year") == [
        (year, count) for year, count in REAL_FILES.values()
    ]
    assert top_plants(pg_url, 2023, 1) == [(6008, "Palo Verde", 31_522_590)]


def test_killed_worker_leaves_the_year_whole(
    pg_url: str, shared_egrid: Path, tmp_path: Path
) -> None:
    assert ingest_file(shared_egrid / "gen23.csv", pg_url).status == "succeeded"
    store = tmp_path / "store"
    store.mkdir()
    multiply_gen23(shared_egrid / "gen23.csv", store / "gen23x20.csv", copies=20)
    run_id = enqueue(pg_url, "gen23x20.csv")
    env = {"GRIDLENS_DATABASE_URL": pg_url, "GRIDLENS_STORE_URL": str(store)}
    worker = start_worker(env)
    progress = f"SELECT rows_read FROM ingestions WHERE id = {run_id}"
    wait_for(lambda: int(scalar(pg_url, progress)) >= 200_000, 120, "the run to be well under way")  # type: ignore[call-overload]
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    assert scalar(pg_url, "SELECT COUNT(*) FROM generators WHERE year = 2023") == 26_601
    assert scalar(pg_url, "SELECT COUNT(*) FROM plants WHERE year = 2023") == 12_611
    assert scalar(pg_url, f"SELECT status FROM ingestions WHERE id = {run_id}") == "running"

    survivor = start_worker(env, "--once")
    survivor.wait(timeout=60)
    assert rows(
        pg_url, f"SELECT status, error, error_code FROM ingestions WHERE id = {run_id}"
    ) == [
        (
            "failed",
            "interrupted: the process running it stopped before it finished; ingest it again",
            "interrupted",
        )
    ]
    assert scalar(pg_url, "SELECT COUNT(*) FROM generators WHERE year = 2023") == 26_601


@pytest.mark.s3
def test_store_outage_is_ridden_out(
    pg_url: str, s3_endpoint: str, s3_bucket: str, shared_egrid: Path
) -> None:
    boto3.client("s3").upload_file(str(shared_egrid / "gen23.csv"), s3_bucket, "gen23.csv")
    with TcpGate(s3_endpoint) as gate:
        gate.close()
        run_id = enqueue(pg_url, "gen23.csv")
        env = {
            "GRIDLENS_DATABASE_URL": pg_url,
            "GRIDLENS_STORE_URL": f"s3://{s3_bucket}/",
            "AWS_ENDPOINT_URL": gate.url,
        }
        worker = start_worker(env, "--once")
        status = f"SELECT status FROM ingestions WHERE id = {run_id}"
        wait_for(lambda: scalar(pg_url, status) == "running", 60, "the worker to claim the run")
        time.sleep(4)  # the worker meets a closed endpoint and backs off
        gate.open()
        output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    assert "ingestion retrying after an outage" in output
    assert rows(pg_url, f"SELECT status, rows_loaded FROM ingestions WHERE id = {run_id}") == [
        ("succeeded", 26_601)
    ]
