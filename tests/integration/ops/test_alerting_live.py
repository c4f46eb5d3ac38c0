"""Debian's real Prometheus, with monitoring/alerts.yml, watching a real `gridlens serve`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import yaml

from gridlens.db.migrate import upgrade
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ops.files import MONITORING
from tests.integration.ops.processes import free_port, gridlens_serve, prometheus, serve_env

ALERT_TIMEOUT_S = 60.0  # scrapes and evaluations every second; a loaded 2-core machine is slow


def config(api_port: int) -> str:
    """The compose stack's rules, scraping one API on loopback every second."""
    return yaml.safe_dump(
        {
            "global": {
                "scrape_interval": "1s",
                "scrape_timeout": "1s",
                "evaluation_interval": "1s",
            },
            "rule_files": [str(MONITORING / "alerts.yml")],
            "scrape_configs": [
                {
                    "job_name": "gridlens-api",
                    "static_configs": [{"targets": [f"127.0.0.1:{api_port}"]}],
                }
            ],
        }
    )


def query(prometheus_port: int, promql: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"http://127.0.0.1:{prometheus_port}/api/v1/query", params={"query": promql}, timeout=5
    ).json()
    assert answer["status"] == "success", answer
    return list(answer["data"]["result"])


def alerts(prometheus_port: int) -> list[dict[str, Any]]:
    answer = httpx.get(f"http://127.0.0.1:{prometheus_port}/api/v1/alerts", timeout=5).json()
    return list(answer["data"]["alerts"])


def wait_for(what: str, found: Any, timeout_s: float = ALERT_TIMEOUT_S) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen in {timeout_s:.0f} s")


def test_prometheus_alerts_when_the_api_loses_its_database(pg_server: str, tmp_path: Path) -> None:
    url = create_pg_database(pg_server)
    try:
        upgrade(url)
        api_port, prometheus_port = free_port(), free_port()
        env = serve_env(url, tmp_path / "store")
        with (
            gridlens_serve([api_port], env, tmp_path),
            prometheus(config(api_port), tmp_path / "prometheus", prometheus_port),
        ):
            healthy = wait_for(
                "a scrape of the healthy API",
                lambda: query(prometheus_port, 'gridlens_ready{check="database"} == 1'),
            )
            assert [r["metric"]["instance"] for r in healthy] == [f"127.0.0.1:{api_port}"]
            assert query(prometheus_port, "gridlens_ingestion_runs_open") != []
            assert alerts(prometheus_port) == []

            drop_pg_database(pg_server, url)  # the API's database is gone, its connections cut

            (alert,) = wait_for(
                "GridlensDependencyUnreachable pending",
                lambda: [
                    a
                    for a in alerts(prometheus_port)
                    if a["labels"]["alertname"] == "GridlensDependencyUnreachable"
                ],
            )
            assert alert["state"] in {"pending", "firing"}
            assert alert["labels"] == {
                "alertname": "GridlensDependencyUnreachable",
                "check": "database",
                "severity": "critical",
            }
            assert alert["annotations"]["summary"] == (
                "The API cannot reach its database (/readyz answers 503)"
            )
            assert query(prometheus_port, 'gridlens_ready{check="store"}')[0]["value"][1] == "1"
            assert httpx.get(f"http://127.0.0.1:{api_port}/readyz", timeout=10).status_code == 503
    finally:
        drop_pg_database(pg_server, url)
