"""Token authentication and roles, tested as an attacker would: every status code exact."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
import redis
from fastapi.testclient import TestClient

from gridlens.api.app import create_app
from gridlens.auth.users import add, set_disabled
from gridlens.db.engine import session_scope
from gridlens.settings import Settings
from tests.needs import missing

SECRET = "s" * 48
VIEWER, ADMIN = ("vera", "viewer-password-1"), ("ada", "admin-password-12")
# Signing in, and signing out (which only clears the caller's own cookie), need no token; nor do
# the sign-in page's list of methods and single sign-on's round trip through the provider.
OPEN_ROUTES = {
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/session"),
    ("DELETE", "/api/v1/auth/session"),
    ("GET", "/api/v1/auth/providers"),
    ("GET", "/api/v1/auth/oidc/login"),
    ("GET", "/api/v1/auth/oidc/callback"),
}


def make_settings(db_url: str, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        database_url=db_url,
        store_url=str(tmp_path / "store"),
        jwt_secret=SECRET,
        env="test",
        events_secret="e" * 32,  # event intake on, so its route is in the 401 matrix too
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    with session_scope(db_url) as session:
        add(session, *VIEWER, "viewer")
        add(session, *ADMIN, "admin")
    return make_settings(db_url, tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def token_for(client: TestClient, username: str, password: str) -> str:
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    return str(body["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def forged(**changes: object) -> str:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": VIEWER[0],
        "role": "viewer",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "iss": "gridlens",
        "aud": "gridlens-api",
    }
    key, algorithm = str(changes.pop("key", SECRET)), str(changes.pop("alg", "HS256"))
    claims.update(changes)
    return jwt.encode(claims, key, algorithm=algorithm)


def unsigned(**changes: object) -> str:
    """A token with alg "none" and no signature, as an attacker would send it."""
    return jwt.encode(
        jwt.decode(forged(**changes), options={"verify_signature": False}), None, algorithm="none"
    )  # type: ignore[arg-type]


def test_a_valid_token_reads(client: TestClient) -> None:
    me = client.get("/api/v1/auth/me", headers=bearer(token_for(client, *VIEWER)))
    assert me.status_code == 200
    assert me.json() == {"username": "vera", "role": "viewer", "via": "jwt"}


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({}, "no token"),
        ({"Authorization": "Bearer not-a-jwt"}, "malformed"),
        ({"Authorization": "Basic dmVyYTp4"}, "another scheme"),
        (bearer(forged(key="x" * 48)), "forged signature"),
        (bearer(forged(exp=datetime.now(UTC) - timedelta(seconds=5))), "expired"),
        (bearer(forged(aud="someone-else")), "wrong audience"),
        (bearer(forged(iss="evil")), "wrong issuer"),
        (bearer(forged(alg="HS512")), "another algorithm"),
        (bearer(unsigned()), "alg none"),
        (bearer(forged(sub="nobody")), "unknown user"),
        (bearer("glp_" + "x" * 43), "unknown API token"),
    ],
)
def test_bad_credentials_get_401(client: TestClient, headers: dict[str, str], why: str) -> None:
    answer = client.get("/api/v1/plants/top", headers=headers)
    assert answer.status_code == 401, why
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.headers["content-type"] == "application/problem+json"


def test_wrong_role_gets_403(client: TestClient) -> None:
    viewer = bearer(token_for(client, *VIEWER))
    answer = client.post(
        "/api/v1/users", headers=viewer, json={"username": "x", "password": "p" * 12}
    )
    assert answer.status_code == 403
    admin = bearer(token_for(client, *ADMIN))
    created = client.post(
        "/api/v1/users", headers=admin, json={"username": "xavier", "password": "p" * 12}
    )
    assert created.status_code == 201
    assert created.json()["role"] == "viewer"


def test_disabled_user_gets_401_at_once(client: TestClient, settings: Settings) -> None:
    token = token_for(client, *VIEWER)
    with session_scope(settings.database_url) as session:
        set_disabled(session, VIEWER[0])
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401
    again = client.post("/api/v1/auth/token", data={"username": VIEWER[0], "password": VIEWER[1]})
    assert again.status_code == 401


def test_api_tokens_work_until_revoked(client: TestClient) -> None:
    session = bearer(token_for(client, *VIEWER))
    created = client.post("/api/v1/auth/api-tokens", headers=session, json={"name": "etl"})
    assert created.status_code == 201
    secret, token_id = created.json()["token"], created.json()["id"]
    assert secret.startswith("glp_")
    me = client.get("/api/v1/auth/me", headers=bearer(secret))
    assert me.json() == {"username": "vera", "role": "viewer", "via": "api_token"}
    listed = client.get("/api/v1/auth/api-tokens", headers=session).json()
    assert [(t["id"], t["name"], "token" in t) for t in listed] == [(token_id, "etl", False)]
    assert client.delete(f"/api/v1/auth/api-tokens/{token_id}", headers=session).status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(secret)).status_code == 401


def test_expired_api_token_gets_401(client: TestClient, settings: Settings) -> None:
    from sqlalchemy import update

    from gridlens.db.tables import ApiToken

    session = bearer(token_for(client, *VIEWER))
    created = client.post(
        "/api/v1/auth/api-tokens", headers=session, json={"name": "short", "expires_in_days": 1}
    ).json()
    assert client.get("/api/v1/auth/me", headers=bearer(created["token"])).status_code == 200
    with session_scope(settings.database_url) as db:
        db.execute(
            update(ApiToken)
            .where(ApiToken.id == created["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert client.get("/api/v1/auth/me", headers=bearer(created["token"])).status_code == 401


def test_an_api_tokens_lifetime_is_a_json_integer(client: TestClient) -> None:
    session = bearer(token_for(client, *VIEWER))
    statuses = [
        client.post(
            "/api/v1/auth/api-tokens", headers=session, json={"name": "t", "expires_in_days": v}
        ).status_code
        for v in (True, "30", 30.5, 0, 30, None)
    ]
    assert statuses == [422, 422, 422, 422, 201, 201]


def test_password_guessing_is_throttled(client: TestClient) -> None:
    statuses = [
        client.post(
            "/api/v1/auth/token", data={"username": "ada", "password": f"guess-{i}"}
        ).status_code
        for i in range(12)
    ]
    assert statuses == [401] * 10 + [429] * 2
    throttled = client.post("/api/v1/auth/token", data={"username": "ada", "password": ADMIN[1]})
    assert throttled.status_code == 429
    assert 1 <= int(throttled.headers["retry-after"]) <= 60


def test_session_cookie_for_the_web_ui(client: TestClient) -> None:
    signed_in = client.post("/api/v1/auth/session", data={"username": "ada", "password": ADMIN[1]})
    assert signed_in.status_code == 200
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert client.get("/api/v1/auth/me").json()["via"] == "session"
    cross_site = client.post(
        "/api/v1/auth/api-tokens", json={"name": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403
    assert client.delete("/api/v1/auth/session").status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_every_api_route_needs_a_token(client: TestClient) -> None:
    checked = 0
    for template, operations in client.get("/openapi.json").json()["paths"].items():
        if not template.startswith("/api/v1"):
            continue
        path = re.sub(r"\{[a-z_]+\}", "1", template)
        for method in operations:
            if (method.upper(), template) in OPEN_ROUTES:
                continue
            answer = client.request(method.upper(), path)
            assert answer.status_code == 401, f"{method} {template}"
            checked += 1
    assert checked >= 10


def test_every_admin_route_refuses_a_viewer(client: TestClient) -> None:
    """Each operation documented "403: Not an admin" answers a viewer's token with exactly that."""
    viewer = bearer(token_for(client, *VIEWER))
    checked = []
    for template, operations in client.get("/openapi.json").json()["paths"].items():
        path = template.replace("{username}", "ada")
        for method, operation in operations.items():
            if operation["responses"].get("403", {}).get("description") != "Not an admin":
                continue
            answer = client.request(method.upper(), path, headers=viewer)
            assert answer.status_code == 403, f"{method} {template}: {answer.text}"
            assert answer.json()["detail"] == "this needs the admin role"
            checked.append(f"{method.upper()} {template}")
    assert sorted(checked) == [
        "GET /api/v1/audit",
        "GET /api/v1/users",
        "POST /api/v1/files",
        "POST /api/v1/ingestions",
        "POST /api/v1/users",
        "POST /api/v1/users/{username}/disable",
        "POST /api/v1/users/{username}/enable",
        "POST /api/v1/users/{username}/password-reset",
        "POST /api/v1/users/{username}/role",
    ]


@pytest.mark.parametrize("path", ["/healthz", "/metrics", "/docs", "/openapi.json"])
def test_operational_routes_stay_open(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_redis_limits_are_shared_by_replicas(
    db_url: str, tmp_path: Path, settings: Settings
) -> None:
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing(f"Redis is not reachable at {url}: {error}")
    # Fresh counters whatever Redis holds already: a new user name and client address label.
    user, client_host = f"ghost-{uuid.uuid4().hex[:8]}", f"client-{uuid.uuid4().hex[:8]}"
    replicas = [
        TestClient(
            create_app(make_settings(db_url, tmp_path, redis_url=url)), client=(client_host, 50000)
        )
        for _ in range(2)
    ]
    statuses = [
        replicas[i % 2]
        .post("/api/v1/auth/token", data={"username": user, "password": "x"})
        .status_code
        for i in range(12)
    ]
    assert statuses == [401] * 10 + [429] * 2


@pytest.mark.parametrize("secret", ["", "short-secret", "changeme"])
def test_production_refuses_a_weak_secret(secret: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GRIDLENS_ENV": "production",
        "GRIDLENS_JWT_SECRET": secret,
        "GRIDLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gridlens"), "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "GRIDLENS_JWT_SECRET" in result.stderr
    assert not (tmp_path / "x.db").exists()
