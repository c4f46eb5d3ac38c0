"""The audit trail on both databases: each action's event exact, append-only, never a secret."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import DBAPIError

from gridlens.api.app import create_app
from gridlens.audit.retention import purge
from gridlens.auth.users import add
from gridlens.db.engine import get_engine, session_scope
from gridlens.db.tables import AuditEvent, User
from gridlens.ingest.worker import Worker
from gridlens.settings import Settings
from tests.integration.ingest.sheets import plants_sheet

GRIDLENS = Path(sys.executable).parent / "gridlens"
ADMIN, VIEWER = ("ada", "admin-password-12"), ("vera", "viewer-password-1")


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    with session_scope(db_url) as session:
        add(session, *ADMIN, "admin")
        add(session, *VIEWER, "viewer")
    return Settings(
        env="test",
        database_url=db_url,
        store_url=str(tmp_path / "store"),
        jwt_secret="a" * 48,
        embedded_worker=False,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def sign_in(client: TestClient, user: tuple[str, str], rid: str = "rid-sign-in") -> dict[str, str]:
    answer = client.post(
        "/api/v1/auth/token",
        data={"username": user[0], "password": user[1]},
        headers={"X-Request-ID": rid},
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def events(url: str) -> list[tuple[Any, ...]]:
    """Every event, oldest first, as (actor_id, actor, action, target, outcome, address, rid)."""
    with session_scope(url) as session:
        return [
            (
                e.actor_id,
                e.actor_name,
                e.action,
                e.target,
                e.outcome,
                e.client_address,
                e.request_id,
            )
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def user_id(url: str, name: str) -> int:
    with session_scope(url) as session:
        return int(session.scalars(select(User.id).where(User.username == name)).one())


def test_each_account_action_writes_its_event(client: TestClient, settings: Settings) -> None:
    url = settings.database_url
    setup = events(url)
    assert [e[1:5] for e in setup] == [
        ("system", "user.added", "ada", "success"),
        ("system", "user.added", "vera", "success"),
    ]
    ada, vera = user_id(url, "ada"), user_id(url, "vera")
    wrong = client.post(
        "/api/v1/auth/token",
        data={"username": "ada", "password": "not-her-password"},
        headers={"X-Request-ID": "rid-wrong"},
    )
    assert wrong.status_code == 401
    nobody = client.post("/api/v1/auth/token", data={"username": "mallory", "password": "x" * 12})
    assert nobody.status_code == 401
    admin = sign_in(client, ADMIN)
    rid = {"X-Request-ID": "rid-change"}
    assert client.post("/api/v1/users", headers={**admin, **rid}, json={
        "username": "zoe", "password": "zoe-password-12"}).status_code == 201  # fmt: skip
    zoe = user_id(url, "zoe")
    role = client.post("/api/v1/users/zoe/role", headers={**admin, **rid}, json={"role": "admin"})
    assert role.json()["role"] == "admin"
    assert client.post("/api/v1/users/zoe/disable", headers={**admin, **rid}).status_code == 200
    assert client.post("/api/v1/users/zoe/enable", headers={**admin, **rid}).status_code == 200
    reset = client.post("/api/v1/users/zoe/password-reset", headers={**admin, **rid})
    assert reset.status_code == 200
    viewer = sign_in(client, VIEWER, "rid-vera")
    token = client.post(
        "/api/v1/auth/api-tokens", headers={**viewer, **rid}, json={"name": "etl"}
    ).json()
    revoked = client.delete(f"/api/v1/auth/api-tokens/{token['id']}", headers={**viewer, **rid})
    assert revoked.status_code == 204
    session = client.post("/api/v1/auth/session", data={"username": "vera", "password": VIEWER[1]})
    assert session.status_code == 200
    assert client.delete("/api/v1/auth/session", headers=rid).status_code == 204

    t = f"token:{token['id']}"
    assert [e[:5] for e in events(url)[len(setup) :]] == [
        (ada, "ada", "auth.sign_in", "ada", "failure"),
        (None, "mallory", "auth.sign_in", "mallory", "failure"),
        (ada, "ada", "auth.sign_in", "ada", "success"),
        (ada, "ada", "user.added", "zoe", "success"),
        (ada, "ada", "user.role_changed", "zoe", "success"),
        (ada, "ada", "user.disabled", "zoe", "success"),
        (ada, "ada", "user.enabled", "zoe", "success"),
        (ada, "ada", "user.password_reset", "zoe", "success"),
        (vera, "vera", "auth.sign_in", "vera", "success"),
        (vera, "vera", "token.created", t, "success"),
        (vera, "vera", "token.revoked", t, "success"),
        (vera, "vera", "auth.sign_in", "vera", "success"),
        (vera, "vera", "auth.sign_out", "vera", "success"),
    ]
    later = events(url)[len(setup) :]
    assert {e[5] for e in later} == {"testclient"}
    assert [e[6] for e in later][:4] == ["rid-wrong", later[1][6], "rid-sign-in", "rid-change"]
    assert later[-1][6] == "rid-change"
    assert zoe > vera
    with session_scope(url) as db:
        details = [e.detail for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert details[len(setup) + 4] == {"from": "viewer", "to": "admin"}
    assert details[len(setup) + 9] == {"owner": "vera", "name": "etl", "prefix": token["prefix"]}


def test_no_secret_in_any_event(client: TestClient, settings: Settings) -> None:
    admin = sign_in(client, ADMIN)
    secrets = [ADMIN[1], VIEWER[1], "zoe-password-12", "guessed-password-1", settings.jwt_secret]
    client.post("/api/v1/auth/token", data={"username": "ada", "password": secrets[3]})
    client.post("/api/v1/users", headers=admin, json={"username": "zoe", "password": secrets[2]})
    secrets.append(
        client.post("/api/v1/users/zoe/password-reset", headers=admin).json()["password"]
    )
    secrets.append(admin["Authorization"].removeprefix("Bearer "))
    viewer = sign_in(client, VIEWER)
    created = client.post("/api/v1/auth/api-tokens", headers=viewer, json={"name": "ci"}).json()
    secrets.append(created["token"])
    session = client.post("/api/v1/auth/session", data={"username": "vera", "password": VIEWER[1]})
    secrets.append(session.cookies["gridlens_session"])
    client.delete("/api/v1/auth/session")
    trail = client.get("/api/v1/audit?limit=500", headers=admin).json()["events"]
    assert len(trail) == 10
    dumped = json.dumps(trail)
    assert [s for s in secrets if s in dumped] == []


def test_a_refused_change_leaves_no_event(client: TestClient, settings: Settings) -> None:
    admin = sign_in(client, ADMIN)
    before = events(settings.database_url)
    taken = client.post(
        "/api/v1/users", headers=admin, json={"username": "vera", "password": "p" * 12}
    )
    assert taken.status_code == 409
    last = client.post("/api/v1/users/ada/role", headers=admin, json={"role": "viewer"})
    assert last.status_code == 409
    assert last.json()["type"].endswith("/last-admin")
    assert last.json()["detail"] == "'ada' is the last active admin; make another user admin first"
    assert client.post("/api/v1/users/ada/disable", headers=admin).status_code == 409
    assert events(settings.database_url) == before
    with session_scope(settings.database_url) as db:
        ada = db.scalars(select(User).where(User.username == "ada")).one()
        assert (ada.role, ada.disabled) == ("admin", False)


def test_files_and_ingestions_are_audited(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    admin = sign_in(client, ADMIN)
    sheet = plants_sheet(tmp_path / "small.csv", 12).read_bytes()
    key = client.post(
        "/api/v1/files", headers=admin, files={"file": ("small.csv", sheet, "text/csv")}
    ).json()["key"]
    refused = client.post(
        "/api/v1/files", headers=admin, files={"file": ("book.csv", b"PK\x03\x04" + b"\0" * 9)}
    )
    assert refused.status_code == 415
    run = client.post("/api/v1/ingestions", headers=admin, json={"key": key}).json()["id"]
    forced = client.post("/api/v1/ingestions", headers=admin, json={"key": key, "force": True})
    missing = client.post("/api/v1/ingestions", headers=admin, json={"key": "nope.csv"})
    assert missing.status_code == 404
    worker = Worker(settings)
    assert worker.run_one()
    assert worker.run_one()
    ada = user_id(settings.database_url, "ada")
    assert [e[:5] for e in events(settings.database_url)[3:]] == [
        (ada, "ada", "file.uploaded", key, "success"),
        (ada, "ada", "file.uploaded", "book.csv", "failure"),
        (ada, "ada", "ingestion.queued", key, "success"),
        (ada, "ada", "ingestion.forced", key, "success"),
        (ada, "ada", "ingestion.refused", "nope.csv", "failure"),
        (None, "system", "ingestion.finished", key, "succeeded"),
        (None, "system", "ingestion.finished", key, "skipped"),
    ]
    finished = client.get(
        "/api/v1/audit", headers=admin, params={"action": "ingestion.finished"}
    ).json()["events"]
    assert [(e["detail"]["run_id"], e["detail"]["year"]) for e in finished] == [
        (forced.json()["id"], 2023),
        (run, 2023),
    ]


def test_filters_and_keyset_pages(client: TestClient, settings: Settings) -> None:
    admin = sign_in(client, ADMIN)
    for _ in range(4):
        sign_in(client, VIEWER)
    url = "/api/v1/audit"
    first = client.get(url, headers=admin, params={"actor": "vera", "limit": 3}).json()
    assert [e["actor_name"] for e in first["events"]] == ["vera"] * 3
    ids = [e["id"] for e in first["events"]]
    assert ids == sorted(ids, reverse=True)
    sign_in(client, VIEWER)  # a new event must not shift the next page
    second = client.get(
        url, headers=admin, params={"actor": "vera", "limit": 3, "before": first["next_before"]}
    ).json()
    assert len(second["events"]) == 1
    assert second["next_before"] is None
    assert second["events"][0]["id"] < ids[-1]
    added = client.get(url, headers=admin, params={"action": "user.added"}).json()["events"]
    assert [e["target"] for e in added] == ["vera", "ada"]
    assert (
        client.get(url, headers=admin, params={"target": "ada"}).json()["events"][0]["action"]
        == "auth.sign_in"
    )
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert client.get(url, headers=admin, params={"since": future}).json()["events"] == []
    assert len(client.get(url, headers=admin, params={"until": future}).json()["events"]) == 8
    assert client.get(url, headers=admin, params={"action": "nope"}).status_code == 422
    assert client.get(url, headers=sign_in(client, VIEWER)).status_code == 403
    assert client.get(url).status_code == 401


def test_events_cannot_be_changed_and_retention_purges(settings: Settings) -> None:
    url = settings.database_url
    engine = get_engine(url)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(update(AuditEvent).values(outcome="failure"))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events"))
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_events"))
    assert [e[4] for e in events(url)] == ["success", "success"]
    assert purge(url, 30) == 0
    assert purge(url, 1, now=datetime.now(UTC) + timedelta(days=2)) == 2
    assert events(url) == []


def test_cli_lists_the_trail(client: TestClient, settings: Settings) -> None:
    sign_in(client, VIEWER)
    env = {"GRIDLENS_DATABASE_URL": settings.database_url, "PATH": "/usr/bin:/bin"}
    if settings.is_sqlite:
        env["GRIDLENS_DATABASE_URL"] = settings.database_url
    listed = subprocess.run(
        [str(GRIDLENS), "audit", "list", "--json", "--action", "auth.sign_in"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(e["actor_name"], e["outcome"], e["request_id"]) for e in lines] == [
        ("vera", "success", "rid-sign-in")
    ]
    purged = subprocess.run(
        [str(GRIDLENS), "audit", "purge", "--days", "1"], env=env, capture_output=True, text=True
    )
    assert purged.stdout == "purged 0 audit events older than 1 days\n"


def test_workers_purge_past_retention(settings: Settings) -> None:
    url = settings.database_url
    with get_engine(url).begin() as conn:
        conn.execute(
            insert(AuditEvent).values(
                at=datetime.now(UTC) - timedelta(days=31),
                actor_name="system",
                action="ingestion.finished",
                target="old.csv",
                outcome="succeeded",
                detail={},
            )
        )
    keep = settings.model_copy(update={"audit_retention_days": 30})
    Worker(keep).run(once=True)
    assert [e[3] for e in events(url)] == ["ada", "vera"]
