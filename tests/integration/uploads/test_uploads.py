"""Files into the store through the API, ingested by workers: PostgreSQL and the S3 endpoint."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gridlens.api.app import create_app
from gridlens.auth.users import add
from gridlens.db.engine import session_scope
from gridlens.settings import Settings
from tests.integration.ingest.helpers import rows, top_plants
from tests.integration.ingest.sheets import plants_sheet

GRIDLENS = Path(sys.executable).parent / "gridlens"
ADMIN, VIEWER = ("ops", "ops-password-123"), ("reader", "reader-password-1")
pytestmark = pytest.mark.s3


@pytest.fixture
def settings(pg_url: str, s3_bucket: str) -> Settings:
    with session_scope(pg_url) as session:
        add(session, *ADMIN, "admin")
        add(session, *VIEWER, "viewer")
    return Settings(
        env="test",
        database_url=pg_url,
        store_url=f"s3://{s3_bucket}/sheets/",
        jwt_secret="u" * 48,
        embedded_worker=False,
        upload_max_mb=5,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def sign_in(client: TestClient, user: tuple[str, str]) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": user[0], "password": user[1]})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def upload(client: TestClient, name: str, content: bytes, who: tuple[str, str] = ADMIN):
    return client.post(
        "/api/v1/files", headers=sign_in(client, who), files={"file": (name, content, "text/csv")}
    )


def test_three_files_uploaded_two_workers_each_year_right(
    client: TestClient, settings: Settings, shared_egrid: Path
) -> None:
    admin = sign_in(client, ADMIN)
    keys = []
    for name in ("gen21_bom_excel_formatted.csv", "gen22_excel_formatted.csv", "gen23.csv"):
        answer = upload(client, name, (shared_egrid / name).read_bytes())
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert re.fullmatch(
            rf"uploads/\d{{4}}/\d\d/\d\d/[0-9a-f]{{32}}-{re.escape(name)}", body["key"]
        )
        assert body["size"] == (shared_egrid / name).stat().st_size
        keys.append(body["key"])
    queued = client.post("/api/v1/ingestions", headers=admin, json={})
    assert queued.status_code == 202
    assert len(queued.json()["ids"]) == 3
    again = client.post("/api/v1/ingestions", headers=admin, json={})
    assert again.json()["ids"] == []  # already queued: not twice

    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": settings.database_url,
        "GRIDLENS_STORE_URL": settings.store_url,
    }
    workers = [
        subprocess.Popen([str(GRIDLENS), "worker", "--once"], env=env, stdout=subprocess.DEVNULL)
        for _ in range(2)
    ]
    assert [worker.wait(timeout=300) for worker in workers] == [0, 0]

    runs = client.get("/api/v1/ingestions", headers=admin).json()["ingestions"]
    assert sorted((run["source"], run["status"], run["rows_loaded"]) for run in runs) == sorted(
        zip(keys, ["succeeded"] * 3, [25_031, 25_843, 26_601], strict=True)
    )
    assert rows(
        settings.database_url, "SELECT year, COUNT(*) FROM generators GROUP BY year ORDER BY year"
    ) == [(2021, 25_031), (2022, 25_843), (2023, 26_601)]
    assert top_plants(settings.database_url, 2023, 1) == [(6008, "Palo Verde", 31_522_590)]
    files = client.get("/api/v1/files", headers=admin).json()["files"]
    assert sorted((f["key"], f["last_status"]) for f in files) == sorted(
        (key, "succeeded") for key in keys
    )
    top = client.get("/api/v1/plants/top?n=1&state=TX", headers=admin).json()
    assert top["plants"][0]["name"] == "South Texas Project"


def test_one_key_queued_and_run(client: TestClient, tmp_path: Path, settings: Settings) -> None:
    admin = sign_in(client, ADMIN)
    key = upload(client, "small.csv", plants_sheet(tmp_path / "small.csv", 30).read_bytes()).json()[
        "key"
    ]
    queued = client.post("/api/v1/ingestions", headers=admin, json={"key": key})
    assert queued.status_code == 202
    run_id = queued.json()["id"]
    assert client.get(f"/api/v1/ingestions/{run_id}", headers=admin).json()["status"] == "queued"
    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": settings.database_url,
        "GRIDLENS_STORE_URL": settings.store_url,
    }
    subprocess.run([str(GRIDLENS), "worker", "--once"], env=env, check=True, capture_output=True)
    run = client.get(f"/api/v1/ingestions/{run_id}", headers=admin).json()
    assert (run["status"], run["rows_loaded"], run["year"]) == ("succeeded", 30, 2023)


@pytest.mark.parametrize(
    ("name", "content", "status", "code", "says"),
    [
        (
            "book.csv",
            b"PK\x03\x04" + b"\x00" * 200,
            415,
            "not_text",
            "book.csv is an Excel workbook (.xlsx), not CSV",
        ),
        (
            "old.csv",
            b"\xd0\xcf\x11\xe0" + b"\x00" * 200,
            415,
            "not_text",
            "old.csv is an old Excel workbook",
        ),
        ("utf16.csv", "ORISPL\n".encode("utf-16"), 415, "not_text", "utf16.csv is UTF-16 text"),
        ("blob.csv", b"a,b\n\x00\x01\x02", 415, "not_text", "blob.csv holds binary data"),
        ("empty.csv", b"", 400, "empty_file", "empty.csv is empty"),
        (
            "notes.csv",
            b"name,comment\nx,y\n",
            422,
            "not_a_generator_sheet",
            "not an eGRID generator sheet",
        ),
        ("huge.csv", b"x" * (6 << 20), 413, "too_large", "larger than the 5 MB upload limit"),
    ],
)
def test_refused_uploads(
    client: TestClient, name: str, content: bytes, status: int, code: str, says: str
) -> None:
    answer = upload(client, name, content)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["error_code"] == code
    assert says in answer.json()["detail"]
    files = client.get("/api/v1/files", headers=sign_in(client, ADMIN)).json()["files"]
    assert files == []  # nothing refused reached the store


def test_client_paths_never_become_keys(client: TestClient, tmp_path: Path) -> None:
    content = plants_sheet(tmp_path / "x.csv", 3).read_bytes()
    key = upload(client, "../../etc/evil name.CSV", content).json()["key"]
    assert re.fullmatch(r"uploads/\d{4}/\d\d/\d\d/[0-9a-f]{32}-evil-name\.csv", key)


def test_viewers_cannot_upload_or_queue(client: TestClient, tmp_path: Path) -> None:
    content = plants_sheet(tmp_path / "x.csv", 3).read_bytes()
    assert upload(client, "x.csv", content, VIEWER).status_code == 403
    viewer = sign_in(client, VIEWER)
    assert client.post("/api/v1/ingestions", headers=viewer, json={}).status_code == 403
    assert client.get("/api/v1/files", headers=viewer).status_code == 200


def test_force_is_a_json_boolean(client: TestClient) -> None:
    admin = sign_in(client, ADMIN)
    for force in ("yes", "true", 1):
        answer = client.post("/api/v1/ingestions", headers=admin, json={"force": force})
        assert answer.status_code == 422, force
        assert answer.json()["errors"] == [
            {"in": "body", "name": "force", "detail": "Input should be a valid boolean"}
        ]


def test_queueing_a_missing_key_is_404(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/ingestions", headers=sign_in(client, ADMIN), json={"key": "nope.csv"}
    )
    assert answer.status_code == 404
    assert "nope.csv" in answer.json()["detail"]
