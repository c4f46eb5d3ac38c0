"""The read side's cached caller: a revoked or disabled credential still fails within a second."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from gridlens.api.app import create_app
from gridlens.auth import budget as budget_module
from gridlens.auth.budget import SharedBudget
from gridlens.auth.cache import PrincipalCache, trusted_until
from gridlens.auth.passwords import hash_password
from gridlens.auth.users import add, set_disabled
from gridlens.db.engine import get_engine, session_scope
from gridlens.db.tables import User
from gridlens.settings import Settings
from tests.integration.api.factories import dataset, plant
from tests.integration.auth.test_auth import (
    VIEWER,
    bearer,
    forged,
    make_settings,
    token_for,
)
from tests.needs import missing

TTL_S = 0.3
TOP = "/api/v1/plants/top"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """A viewer, and one year of data to read."""
    with session_scope(db_url) as session:
        add(session, *VIEWER, "viewer")
        session.add_all([dataset(2023), plant(2023, 1, "TX", 5.0)])
    return make_settings(db_url, tmp_path)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    app = create_app(settings)
    app.state.principals = PrincipalCache(ttl_s=TTL_S)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def api_token(client: TestClient) -> tuple[str, int]:
    session = bearer(token_for(client, *VIEWER))
    created = client.post("/api/v1/auth/api-tokens", headers=session, json={"name": "cache"})
    return created.json()["token"], created.json()["id"]


def test_a_token_revoked_through_the_api_fails_at_once(client: TestClient) -> None:
    secret, token_id = api_token(client)
    assert client.get(TOP, headers=bearer(secret)).status_code == 200

    session = bearer(token_for(client, *VIEWER))
    assert client.delete(f"/api/v1/auth/api-tokens/{token_id}", headers=session).status_code == 204

    assert client.get(TOP, headers=bearer(secret)).status_code == 401


def test_a_user_disabled_in_this_process_fails_at_once(
    client: TestClient, settings: Settings
) -> None:
    token = bearer(token_for(client, *VIEWER))
    assert client.get(TOP, headers=token).status_code == 200

    with session_scope(settings.database_url) as session:
        set_disabled(session, VIEWER[0])

    assert client.get(TOP, headers=token).status_code == 401


def test_a_change_made_elsewhere_applies_within_the_ttl(
    client: TestClient, settings: Settings
) -> None:
    secret, _ = api_token(client)
    assert client.get(TOP, headers=bearer(secret)).status_code == 200

    # Plain SQL, as another replica or `gridlens tokens revoke` would commit it.
    with get_engine(settings.database_url).begin() as conn:
        conn.execute(text("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP"))
    changed = time.monotonic()
    statuses: list[tuple[float, int]] = []
    # Sample past the TTL however slow a request is on a loaded machine, within a hard bound.
    while (waited := time.monotonic() - changed) < 10 * TTL_S + 5:
        statuses.append((waited, client.get(TOP, headers=bearer(secret)).status_code))
        if sum(1 for w, _ in statuses if w >= TTL_S) >= 3:
            break
        time.sleep(0.02)

    after_ttl = [status for waited, status in statuses if waited >= TTL_S]
    assert len(after_ttl) >= 3
    assert set(after_ttl) == {401}


@pytest.mark.usefixtures("settings")
def test_every_cached_request_still_counts_against_the_budget(db_url: str, tmp_path: Path) -> None:
    limited = make_settings(db_url, tmp_path, api_rate_per_minute=5)
    with TestClient(create_app(limited)) as client:
        token = bearer(token_for(client, *VIEWER))
        statuses = [client.get(TOP, headers=token).status_code for _ in range(7)]

    assert statuses == [200] * 5 + [429] * 2


def test_a_jwt_is_never_trusted_past_its_expiry() -> None:
    soon = forged(exp=datetime.now(UTC) + timedelta(seconds=0.5))
    later = forged(exp=datetime.now(UTC) + timedelta(hours=1))
    now = time.monotonic()

    assert trusted_until(soon, now + 60.0) <= now + 0.5
    assert trusted_until(later, now + 60.0) == now + 60.0


@pytest.fixture
def redis_url() -> str:
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing(f"Redis is not reachable at {url}: {error}")
    return url


@pytest.mark.usefixtures("settings")
def test_replicas_share_the_budget_through_redis(
    db_url: str, tmp_path: Path, redis_url: str
) -> None:
    shared = make_settings(db_url, tmp_path, api_rate_per_minute=5, redis_url=redis_url)
    replicas = [TestClient(create_app(shared)) for _ in range(2)]
    # A user id of its own: the budget's counters in Redis are fresh whatever ran before.
    name, password = f"reader-{uuid.uuid4().hex[:8]}", "reader-password-1"
    with session_scope(db_url) as session:
        user_id = random.randrange(10**6, 2**31)
        session.add(
            User(id=user_id, username=name, password_hash=hash_password(password), role="viewer")
        )
    token = bearer(token_for(replicas[0], name, password))

    statuses = [replicas[i % 2].get(TOP, headers=token).status_code for i in range(7)]

    assert statuses == [200] * 5 + [429] * 2


def test_a_large_budget_reaches_redis_in_batches(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget_module, "SYNC_S", 3600.0)  # batches by count alone here
    budget = SharedBudget(redis_url)
    key, limit = f"api:test-{uuid.uuid4().hex[:8]}", 6000  # batches of 1%: 60 requests
    counter = f"gridlens:rl:{key}:{int(time.time() // 60)}"
    shared = redis.Redis.from_url(redis_url)

    assert budget.count(key, limit, 60) == (None, True)  # never synced: at once
    assert budget.sync(key, limit, 60) is None
    dues = [budget.count(key, limit, 60)[1] for _ in range(60)]
    assert int(shared.get(counter) or 0) == 1
    assert budget.sync(key, limit, 60) is None

    assert dues == [False] * 59 + [True]
    assert int(shared.get(counter) or 0) == 61
