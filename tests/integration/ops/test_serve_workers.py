"""`gridlens serve --workers N`: one port, N processes, and /metrics counts all of them."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.ops.processes import (
    GRIDLENS,
    Process,
    free_port,
    serve_env,
    wait_until_answers,
)

PROBES = 60


def healthz_count(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "gridlens_http_requests"
        for sample in family.samples
        if sample.name == "gridlens_http_requests_total"
        and sample.labels == {"method": "GET", "route": "/healthz", "status": "200"}
    )


def test_metrics_sum_every_worker(tmp_path: Path) -> None:
    env = serve_env(f"sqlite:///{tmp_path / 'gridlens.db'}", tmp_path / "store")
    env["GRIDLENS_EMBEDDED_WORKER"] = "false"
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    port = free_port()
    args = [str(GRIDLENS), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    server = Process("gridlens serve --workers 2", args, tmp_path / "serve.log", env, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_answers(f"{url}/healthz", server)
        # Each on a new connection, so both workers take some.
        for _ in range(PROBES):
            assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        # Whichever worker answers /metrics, it counts every worker's requests.
        counts = {healthz_count(httpx.get(f"{url}/metrics", timeout=10).text) for _ in range(6)}
        assert counts == {PROBES + 1}, server.tail()  # + wait_until_answers' probe
    finally:
        server.stop()
