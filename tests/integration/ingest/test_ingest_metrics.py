"""What an ingestion run adds to the metrics the dashboard and the alerts read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prometheus_client import REGISTRY

from tests.integration.ingest.helpers import ingest_file
from tests.integration.ingest.sheets import plants_sheet


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def counts() -> dict[str, float]:
    return {
        "succeeded": sample("gridlens_ingestion_runs_total", status="succeeded"),
        "failed": sample("gridlens_ingestion_runs_total", status="failed"),
        "skipped": sample("gridlens_ingestion_runs_total", status="skipped"),
        "loaded": sample("gridlens_ingestion_rows_total", kind="loaded"),
        "durations": sample("gridlens_ingestion_duration_seconds_count"),
    }


def test_every_run_counts_by_status_and_times_its_duration(sqlite_url: str, tmp_path: Path) -> None:
    before = counts()
    sum_before = sample("gridlens_ingestion_duration_seconds_sum")

    loaded = ingest_file(plants_sheet(tmp_path / "full.csv", 20), sqlite_url)
    ingest_file(plants_sheet(tmp_path / "full.csv", 20), sqlite_url)
    refused = ingest_file(plants_sheet(tmp_path / "half.csv", 10), sqlite_url)

    assert (loaded.status, refused.status) == ("succeeded", "failed")
    assert {k: v - before[k] for k, v in counts().items()} == {
        "succeeded": 1,
        "failed": 1,
        "skipped": 1,
        "loaded": 20,
        "durations": 3,
    }
    assert sample("gridlens_ingestion_duration_seconds_sum") - sum_before >= loaded.duration_s


def test_every_status_is_exported_at_zero_before_any_run() -> None:
    # increase() misses the first failure of a series that appears at 1 instead of 0. A fresh
    # interpreter: in this one, earlier tests have run ingestions already.
    program = "import gridlens.metrics, prometheus_client as p; print(p.generate_latest().decode())"
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    ).stdout

    assert [
        line for line in out.splitlines() if line.startswith("gridlens_ingestion_runs_total")
    ] == [
        'gridlens_ingestion_runs_total{status="succeeded"} 0.0',
        'gridlens_ingestion_runs_total{status="skipped"} 0.0',
        'gridlens_ingestion_runs_total{status="failed"} 0.0',
    ]
