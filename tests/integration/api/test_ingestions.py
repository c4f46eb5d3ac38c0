"""GET /api/v1/ingestions and /api/v1/ingestions/{id} on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from tests.integration.api.conftest import Seed
from tests.integration.api.factories import ingestion


def test_one_run_with_every_field(client: TestClient, seed: Seed) -> None:
    seed(
        ingestion(
            id=7,
            source="s3://egrid/gen23.csv",
            status="failed",
            sha256="ab" * 32,
            size_bytes=5_000_000_000,
            year=2023,
            force=True,
            rows_read=26601,
            rows_loaded=0,
            rows_rejected=300,
            rows_skipped=2,
            warnings_count=1,
            rejects=[{"line": 3, "column": "ORISPL", "value": "x", "reason": "not a number"}],
            warnings=[{"line": 9, "column": None, "value": None, "reason": "copied row"}],
            notes=["encoding: utf-8"],
            error="300 of 26601 rows rejected (1.1%), above GRIDLENS_MAX_REJECT_RATIO 1%",
            error_code="too_many_rejects",
            duration_s=1.5,
            worker="host:123",
            started_at=datetime(2025, 1, 15, 12, 30, 1, tzinfo=UTC),
            finished_at=datetime(2025, 1, 15, 12, 30, 2, 500000, tzinfo=UTC),
        )
    )

    response = client.get("/api/v1/ingestions/7")

    assert response.status_code == 200
    assert response.json() == {
        "id": 7,
        "source": "s3://egrid/gen23.csv",
        "status": "failed",
        "sha256": "ab" * 32,
        "size_bytes": 5_000_000_000,
        "year": 2023,
        "force": True,
        "rows_read": 26601,
        "rows_loaded": 0,
        "rows_rejected": 300,
        "rows_skipped": 2,
        "warnings_count": 1,
        "rejects": [{"line": 3, "column": "ORISPL", "value": "x", "reason": "not a number"}],
        "warnings": [{"line": 9, "column": None, "value": None, "reason": "copied row"}],
        "notes": ["encoding: utf-8"],
        "error": "300 of 26601 rows rejected (1.1%), above GRIDLENS_MAX_REJECT_RATIO 1%",
        "error_code": "too_many_rejects",
        "duration_s": 1.5,
        "worker": "host:123",
        "created_at": "2025-01-15T12:30:00Z",
        "started_at": "2025-01-15T12:30:01Z",
        "finished_at": "2025-01-15T12:30:02.500000Z",
    }


def test_runs_newest_first_a_page_at_a_time(client: TestClient, seed: Seed) -> None:
    seed(*(ingestion(id=i, source=f"gen{i}.csv") for i in range(1, 6)))

    first = client.get("/api/v1/ingestions", params={"limit": 2}).json()
    last = client.get("/api/v1/ingestions", params={"limit": 2, "offset": 4}).json()

    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [run["id"] for run in first["ingestions"]] == [5, 4]
    assert [run["id"] for run in last["ingestions"]] == [1]
    assert client.get("/api/v1/ingestions").json()["limit"] == 50


def test_no_runs(client: TestClient) -> None:
    assert client.get("/api/v1/ingestions").json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "ingestions": [],
    }


def test_unknown_run_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/ingestions/99")

    assert response.status_code == 404
    assert response.json() == {
        "type": "/problems/ingestion-not-found",
        "title": "Ingestion not found",
        "status": 404,
        "detail": "There is no ingestion 99. GET /api/v1/ingestions lists the runs.",
        "instance": "/api/v1/ingestions/99",
    }


def test_paging_bounds_are_422(client: TestClient) -> None:
    for params in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        response = client.get("/api/v1/ingestions", params=params)
        assert response.status_code == 422, params
        assert [e["name"] for e in response.json()["errors"]] == list(params)
