"""POST /api/v1/events/s3: MinIO's webhook, on a real S3 endpoint (moto) and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from gridlens.api.app import create_app
from gridlens.settings import Settings
from tests.integration.ingest.helpers import rows
from tests.integration.ingest.sheets import plants_sheet

SECRET = "events-shared-secret-of-at-least-32-bytes-0123456789"
AUTH = {"Authorization": f"Bearer {SECRET}"}


def minio_event(bucket: str, key: str, name: str = "s3:ObjectCreated:Put") -> dict[str, Any]:
    """An event as MinIO's webhook target posts it (its own fields, S3's Records)."""
    encoded = key.replace("/", "%2F")
    return {
        "EventName": name,
        "Key": f"{bucket}/{key}",
        "Records": [
            {
                "eventVersion": "2.0",
                "eventSource": "minio:s3",
                "eventName": name,
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "Config",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": encoded, "size": 1, "contentType": "text/csv"},
                },
            }
        ],
    }


@pytest.fixture
def client(pg_url: str, s3_bucket: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        env="test",
        database_url=pg_url,
        store_url=f"s3://{s3_bucket}/egrid/",
        events_secret=SECRET,
        web_dist=str(tmp_path / "no-ui"),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_new_csv_is_queued_once_however_often_its_event_comes(
    client: TestClient, pg_url: str, s3_bucket: str, tmp_path: Path
) -> None:
    sheet = plants_sheet(tmp_path / "gen 23.csv", 20)
    boto3.client("s3").upload_file(str(sheet), s3_bucket, "egrid/gen 23.csv")
    event = minio_event(s3_bucket, "egrid/gen+23.csv")

    first = client.post("/api/v1/events/s3", json=event, headers=AUTH)
    again = client.post("/api/v1/events/s3", json=event, headers=AUTH)

    (run_id,) = [r[0] for r in rows(pg_url, "SELECT id FROM ingestions")]
    assert (first.status_code, first.json()) == (
        202,
        {"queued": [{"key": "gen 23.csv", "run_id": run_id}]},
    )
    assert (again.status_code, again.json()) == (
        202,
        {"queued": [{"key": "gen 23.csv", "run_id": None}]},
    )
    assert rows(pg_url, "SELECT source, status, sha256 FROM ingestions") == [
        ("gen 23.csv", "queued", hashlib.sha256(sheet.read_bytes()).hexdigest())
    ]


def test_other_objects_and_other_events_queue_nothing(
    client: TestClient, pg_url: str, s3_bucket: str
) -> None:
    for event in (
        minio_event(s3_bucket, "egrid/notes.txt"),
        minio_event(s3_bucket, "elsewhere/gen23.csv"),
        minio_event("another-bucket", "egrid/gen23.csv"),
        minio_event(s3_bucket, "egrid/gen23.csv", name="s3:ObjectRemoved:Delete"),
        {"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": s3_bucket},
    ):
        response = client.post("/api/v1/events/s3", json=event, headers=AUTH)
        assert (response.status_code, response.json()) == (202, {"queued": []})

    assert rows(pg_url, "SELECT id FROM ingestions") == []


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": SECRET}]
)
def test_without_the_shared_secret_it_is_401(
    client: TestClient, s3_bucket: str, headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/events/s3", json=minio_event(s3_bucket, "egrid/x.csv"), headers=headers
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "send Authorization: Bearer <GRIDLENS_EVENTS_SECRET>"


def test_a_body_that_is_no_s3_event_is_422_saying_why(client: TestClient) -> None:
    response = client.post(
        "/api/v1/events/s3", json={"Records": [{"eventName": "ObjectCreated:Put"}]}, headers=AUTH
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Records[0] lacks s3.bucket.name or s3.object.key"


def test_a_missing_object_is_404_naming_it(client: TestClient, s3_bucket: str) -> None:
    response = client.post(
        "/api/v1/events/s3", json=minio_event(s3_bucket, "egrid/gone.csv"), headers=AUTH
    )

    assert response.status_code == 404
    assert "egrid/gone.csv" in response.json()["detail"]


def test_it_is_off_without_a_secret(tmp_path: Path) -> None:
    settings = Settings(
        env="test", database_url=f"sqlite:///{tmp_path / 'g.db'}", store_url=str(tmp_path)
    )

    with TestClient(create_app(settings)) as client:
        response = client.post("/api/v1/events/s3", json={"Records": []})

    assert response.status_code == 404
    assert response.json()["detail"] == (
        "Event intake is off: set GRIDLENS_EVENTS_SECRET to turn it on."
    )
