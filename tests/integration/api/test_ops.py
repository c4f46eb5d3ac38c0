"""/healthz, /readyz and /metrics against real databases and stores, broken and mended."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from gridlens.api.app import create_app
from gridlens.db.tables import Ingestion
from gridlens.settings import Settings
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, plant
from tests.unit.api.signin import signed_in

CLOSED_PORT_URL = "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/gridlens"


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_when_database_and_store_answer(client: TestClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "store": "ok"}}


def test_not_ready_when_the_database_port_is_closed(tmp_path: Path) -> None:
    settings = Settings(env="test", database_url=CLOSED_PORT_URL, store_url=str(tmp_path / "store"))
    with TestClient(signed_in(create_app(settings))) as client:
        response = client.get("/readyz")
        alive = client.get("/healthz")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["title"]) == ("/problems/not-ready", "Not ready")
    assert problem["checks"]["store"] == "ok"
    assert problem["checks"]["database"].startswith(
        "postgresql+psycopg://postgres:***@127.0.0.1:1/gridlens: connection failed"
    )
    assert problem["detail"].startswith("Not ready: cannot reach database (postgresql+psycopg://")
    assert "hunter2" not in response.text
    assert alive.status_code == 200


def test_not_ready_while_the_store_is_unreachable_then_ready_again(
    settings: Settings, tmp_path: Path
) -> None:
    blocked = tmp_path / "store-is-a-file"
    blocked.write_text("not a folder")
    settings = settings.model_copy(update={"store_url": str(blocked)})

    with TestClient(signed_in(create_app(settings))) as client:
        down = client.get("/readyz")
        blocked.unlink()  # the operator fixes it; no restart follows
        up = client.get("/readyz")

    assert down.status_code == 503
    assert down.json()["checks"]["database"] == "ok"
    assert down.json()["checks"]["store"].startswith(f"{blocked.as_uri()}: cannot create")
    assert "cannot reach store (" in down.json()["detail"]
    assert (up.status_code, up.json()["checks"]) == (200, {"database": "ok", "store": "ok"})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_never_migrated_is_503_saying_how_to_migrate(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        admin = request.getfixturevalue("pg_server")
        url = create_pg_database(admin)
        request.addfinalizer(lambda: drop_pg_database(admin, url))
    settings = Settings(env="test", database_url=url, store_url=str(tmp_path / "store"))

    with TestClient(signed_in(create_app(settings))) as client:
        response = client.get("/api/v1/plants/top")

    assert response.status_code == 503
    assert response.json() == {
        "type": "/problems/database-unavailable",
        "title": "Database unavailable",
        "status": 503,
        "detail": "The database has no gridlens tables. Run `gridlens db upgrade`, "
        "then load data with `gridlens ingest`.",
        "instance": "/api/v1/plants/top",
    }


def test_a_database_going_down_mid_request_is_503(tmp_path: Path) -> None:
    settings = Settings(env="test", database_url=CLOSED_PORT_URL, store_url=str(tmp_path / "store"))

    with TestClient(signed_in(create_app(settings))) as client:
        response = client.get("/api/v1/years")

    assert response.status_code == 503
    assert response.json()["detail"] == (
        "The database is unreachable or busy. Try again shortly; /readyz tells when."
    )


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_by_route_template(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), plant(2023, 6251, "TX", 1.0))
    route = "/api/v1/plants/{plant_id}"
    before = {
        status: sample("gridlens_http_requests_total", method="GET", route=route, status=status)
        for status in ("200", "404")
    }
    count_before = sample("gridlens_http_request_duration_seconds_count", method="GET", route=route)

    client.get("/api/v1/plants/6251")
    client.get("/api/v1/plants/6251")
    client.get("/api/v1/plants/4")
    text = client.get("/metrics").text

    assert sample("gridlens_http_requests_total", method="GET", route=route, status="200") == (
        before["200"] + 2
    )
    assert sample("gridlens_http_requests_total", method="GET", route=route, status="404") == (
        before["404"] + 1
    )
    assert sample("gridlens_http_request_duration_seconds_count", method="GET", route=route) == (
        count_before + 3
    )
    assert '/api/v1/plants/6251"' not in text
    assert 'route="/api/v1/plants/{plant_id}"' in text


def test_access_log_is_one_json_line_per_request(
    settings: Settings, seed: Seed, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(dataset(2023), plant(2023, 1, "TX", 1.0))
    settings = settings.model_copy(update={"log_format": "json"})
    with TestClient(signed_in(create_app(settings))) as client:
        capsys.readouterr()
        client.get("/api/v1/plants/top?state=tx", headers={"X-Request-ID": "req-42"})

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    access = [line for line in lines if line.get("logger") == "gridlens.access"]
    assert len(access) == 1
    entry = access[0]
    assert isinstance(entry.pop("duration_ms"), float)
    assert entry.pop("timestamp").endswith("Z")
    assert entry == {
        "event": "request",
        "level": "info",
        "logger": "gridlens.access",
        "service": "gridlens-api",
        "method": "GET",
        "route": "/api/v1/plants/top",
        "status": 200,
        "request_id": "req-42",
    }


def scraped(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of one /metrics answer: (name, sorted labels) -> value."""
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_metrics_report_readiness_and_the_run_backlog(settings: Settings, seed: Seed) -> None:
    # No embedded worker (SQLite would run one): it could take the queued runs before the scrape.
    quiet = settings.model_copy(update={"embedded_worker": False})
    started = datetime.now(UTC) - timedelta(seconds=120)
    seed(
        Ingestion(source="gen21.csv", status="succeeded", started_at=started),
        Ingestion(source="gen22.csv", status="running", started_at=started),
        Ingestion(source="gen23.csv", status="running", started_at=started + timedelta(seconds=60)),
        Ingestion(source="a.csv", status="queued"),
        Ingestion(source="b.csv", status="queued"),
        Ingestion(source="c.csv", status="queued"),
    )

    with TestClient(signed_in(create_app(quiet))) as client:
        samples = scraped(client)

    assert samples[("gridlens_ready", (("check", "database"),))] == 1.0
    assert samples[("gridlens_ready", (("check", "store"),))] == 1.0
    assert samples[("gridlens_ingestion_runs_open", (("status", "queued"),))] == 3.0
    assert samples[("gridlens_ingestion_runs_open", (("status", "running"),))] == 2.0
    assert 120.0 <= samples[("gridlens_ingestion_oldest_running_seconds", ())] < 180.0


def test_metrics_report_an_empty_backlog_as_zeros(client: TestClient) -> None:
    samples = scraped(client)

    assert samples[("gridlens_ingestion_runs_open", (("status", "queued"),))] == 0.0
    assert samples[("gridlens_ingestion_runs_open", (("status", "running"),))] == 0.0
    assert samples[("gridlens_ingestion_oldest_running_seconds", ())] == 0.0
    assert samples[("gridlens_ingestion_runs_total", (("status", "failed"),))] >= 0.0


def test_metrics_say_the_database_is_unreachable_and_still_answer(tmp_path: Path) -> None:
    settings = Settings(env="test", database_url=CLOSED_PORT_URL, store_url=str(tmp_path / "store"))
    with TestClient(signed_in(create_app(settings))) as client:
        samples = scraped(client)

    assert samples[("gridlens_ready", (("check", "database"),))] == 0.0
    assert samples[("gridlens_ready", (("check", "store"),))] == 1.0
    assert [name for name, _ in samples if name.startswith("gridlens_ingestion_runs_open")] == []
