"""Single sign-on end to end: the app, over HTTP, against a real OpenID provider on 127.0.0.1.

oidc-provider-mock (a real provider from PyPI) serves the success, nonce, domain, replay and
state cases. An expired ID token and one for another audience are what no real provider sends to
this client, so those come from tests/oidc_provider.TokenStub, which signs its own tokens with a
key served from its own JWKS.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from gridlens.api.app import create_app
from gridlens.auth.users import add, set_disabled
from gridlens.db.engine import session_scope
from gridlens.db.tables import AuditEvent, User
from gridlens.settings import Settings
from tests.integration.auth.test_auth import make_settings
from tests.oidc_provider import real_provider, token_stub

CLIENT_ID = "gridlens-test"
CALLBACK = "/api/v1/auth/oidc/callback"


@pytest.fixture
def issuer() -> Iterator[str]:
    with real_provider() as url:
        yield url


def sso_settings(db_url: str, tmp_path: Path, issuer: str, **extra: object) -> Settings:
    return make_settings(
        db_url,
        tmp_path,
        oidc_issuer=issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret="client-secret-for-tests",
        oidc_provider_name="Test ID",
        **extra,
    )


@pytest.fixture
def client(db_url: str, tmp_path: Path, issuer: str) -> Iterator[TestClient]:
    settings = sso_settings(db_url, tmp_path, issuer, oidc_allowed_domains=["example.com"])
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def start(client: TestClient) -> str:
    """GET /oidc/login: the provider's authorize URL it redirects to (the flow cookie is kept)."""
    answer = client.get("/api/v1/auth/oidc/login", follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert "gridlens_oidc=" in answer.headers["set-cookie"]
    assert "HttpOnly" in answer.headers["set-cookie"]
    return answer.headers["location"]


def authorize(authorize_url: str, subject: str) -> dict[str, str]:
    """The person signs in at the provider as subject; the code and state it sends back."""
    answer = httpx.post(authorize_url, data={"sub": subject}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert back.path == CALLBACK
    return {k: v[0] for k, v in parse_qs(back.query).items()}


def callback(client: TestClient, params: dict[str, str]) -> httpx.Response:
    return client.get(f"{CALLBACK}?{urlencode(params)}", follow_redirects=False)


def refusal(answer: httpx.Response) -> str:
    """The message the UI shows: in a cookie on the redirect back to it, never in its URL."""
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/"
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("gridlens_sso_error=")
    )
    assert "Max-Age=60" in cookie
    assert "Path=/;" in cookie
    assert "HttpOnly" not in cookie  # the sign-in page reads it
    return unquote(cookie.split(";", 1)[0].split("=", 1)[1])


def events(db_url: str) -> list[tuple[str, str | None, str, dict[str, object]]]:
    with session_scope(db_url) as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.target, e.outcome, e.detail) for e in rows]


def test_providers_tell_the_sign_in_page_what_to_show(client: TestClient) -> None:
    assert client.get("/api/v1/auth/providers").json() == {
        "password": True,
        "oidc": {"name": "Test ID", "login_url": "/api/v1/auth/oidc/login"},
    }


def test_sign_in_creates_a_viewer_with_a_session(client: TestClient, db_url: str) -> None:
    login = urlsplit(start(client))
    query = parse_qs(login.query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]
    params = authorize(urlunsplit(login), "alice@example.com")

    answer = callback(client, params)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("gridlens_session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=strict" in session_cookie
    assert any(c.startswith('gridlens_oidc=""') for c in cookies)  # the flow is used up

    assert client.get("/api/v1/auth/me").json() == {
        "username": "alice@example.com",
        "role": "viewer",
        "via": "session",
    }
    with session_scope(db_url) as session:
        user = session.scalars(select(User).where(User.username == "alice@example.com")).one()
        assert (user.oidc_subject, user.email, user.signs_in_with) == (
            "alice@example.com",
            "alice@example.com",
            "sso",
        )
        assert user.oidc_issuer == client.app.state.settings.oidc_issuer  # type: ignore[attr-defined]
        assert user.last_sign_in_at is not None
    assert events(db_url) == [
        ("user.added", "alice@example.com", "success", {"role": "viewer", "method": "oidc"}),
        ("auth.sign_in", "alice@example.com", "success", {"method": "oidc"}),
    ]


def test_a_second_sign_in_finds_the_same_user(client: TestClient, db_url: str) -> None:
    for _ in range(2):
        assert callback(client, authorize(start(client), "bob@example.com")).status_code == 303
        assert client.get("/api/v1/auth/me").json()["username"] == "bob@example.com"
    with session_scope(db_url) as session:
        assert len(session.scalars(select(User).where(User.oidc_subject.is_not(None))).all()) == 1


def test_users_page_shows_sso(client: TestClient, db_url: str) -> None:
    callback(client, authorize(start(client), "carol@example.com"))
    with session_scope(db_url) as session:
        add(session, "ada", "admin-password-12", "admin")
    token = client.post(
        "/api/v1/auth/token", data={"username": "ada", "password": "admin-password-12"}
    ).json()["access_token"]
    listed = client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"}).json()
    assert [(u["username"], u["signs_in_with"], u["email"]) for u in listed] == [
        ("ada", "password", None),
        ("carol@example.com", "sso", "carol@example.com"),
    ]


NONCE_REFUSED = "the ID token's nonce is not the one this sign-in sent (a replayed token?)"


def test_wrong_nonce_is_refused(client: TestClient, db_url: str) -> None:
    # The provider puts the nonce it was given into the ID token; here not the one we sent.
    login = urlsplit(start(client))
    query = {k: v[0] for k, v in parse_qs(login.query).items()} | {"nonce": "someone-elses"}
    params = authorize(urlunsplit(login._replace(query=urlencode(query))), "dan@example.com")
    assert refusal(callback(client, params)) == NONCE_REFUSED
    assert client.get("/api/v1/auth/me").status_code == 401
    assert events(db_url) == [
        (
            "auth.sign_in",
            "dan@example.com",
            "failure",
            {"method": "oidc", "reason": NONCE_REFUSED},
        )
    ]
    with session_scope(db_url) as session:
        assert session.scalars(select(User)).all() == []


def test_disallowed_domain_is_refused(client: TestClient, db_url: str) -> None:
    answer = callback(client, authorize(start(client), "mallory@evil.test"))
    assert refusal(answer) == (
        "the e-mail mallory@evil.test is not in a domain allowed to sign in (example.com)"
    )
    assert client.get("/api/v1/auth/me").status_code == 401
    assert [e[:3] for e in events(db_url)] == [("auth.sign_in", "mallory@evil.test", "failure")]


def test_replayed_code_is_refused(client: TestClient) -> None:
    params = authorize(start(client), "erin@example.com")
    assert callback(client, params).headers["location"] == "/"
    client.cookies.clear()
    # A fresh sign-in (its own state), finished with the code already used.
    fresh = parse_qs(urlsplit(start(client)).query)["state"][0]
    message = refusal(callback(client, {**params, "state": fresh}))
    assert message.startswith("the provider refused the authorization code (invalid_grant")
    assert message.endswith("; it may have been used already")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_wrong_state_is_refused(client: TestClient, db_url: str) -> None:
    params = authorize(start(client), "frank@example.com")
    message = refusal(callback(client, {**params, "state": "forged"}))
    assert message == "the sign-in's state does not match (a forged or stale link?)"
    assert client.get("/api/v1/auth/me").status_code == 401
    assert [e[:3] for e in events(db_url)] == [("auth.sign_in", None, "failure")]


def test_callback_without_a_started_sign_in_is_refused(client: TestClient) -> None:
    message = refusal(callback(client, {"code": "x", "state": "y"}))
    assert message == "no sign-in was started in this browser, or it took over 10 minutes"


def test_a_session_token_is_no_flow_cookie(client: TestClient) -> None:
    """Both are signed with the JWT secret; their audiences keep them apart."""
    params = authorize(start(client), "hal@example.com")
    assert callback(client, params).headers["location"] == "/"
    session_token = client.cookies["gridlens_session"]
    client.cookies.clear()
    client.cookies.set("gridlens_oidc", session_token, path="/api/v1/auth/oidc")
    message = refusal(callback(client, params))
    assert message == "the sign-in cookie is not one this server made"


def test_disabled_user_is_refused(client: TestClient, db_url: str) -> None:
    callback(client, authorize(start(client), "gus@example.com"))
    with session_scope(db_url) as session:
        set_disabled(session, "gus@example.com", True)
    client.cookies.clear()
    message = refusal(callback(client, authorize(start(client), "gus@example.com")))
    assert message == "the user gus@example.com is disabled"
    assert client.get("/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": 1_000_000_000, "iat": 999_999_000}, "the ID token has expired"),
        (
            {"aud": "another-app"},
            f"the ID token is for another application (audience 'another-app', not '{CLIENT_ID}')",
        ),
    ],
    ids=["expired", "foreign-audience"],
)
def test_tokens_a_real_provider_would_not_send_are_refused(
    db_url: str, tmp_path: Path, claims: dict[str, object], message: str
) -> None:
    with token_stub() as stub:
        stub.claims = claims
        settings = sso_settings(db_url, tmp_path, stub.issuer)
        with TestClient(create_app(settings)) as client:
            authorize_url = start(client)
            back = httpx.get(authorize_url, follow_redirects=False).headers["location"]
            answer = client.get(back, follow_redirects=False)
            assert refusal(answer) == message
            assert client.get("/api/v1/auth/me").status_code == 401
    assert [e[:3] for e in events(db_url)] == [("auth.sign_in", "stub-subject", "failure")]


def test_the_stub_signs_in_when_nothing_is_wrong(db_url: str, tmp_path: Path) -> None:
    """The stub's refusals above are for the claim each changes, not for the stub itself."""
    with (
        token_stub() as stub,
        TestClient(create_app(sso_settings(db_url, tmp_path, stub.issuer))) as client,
    ):
        back = httpx.get(start(client), follow_redirects=False).headers["location"]
        assert client.get(back, follow_redirects=False).headers["location"] == "/"
        assert client.get("/api/v1/auth/me").json()["username"] == "stub@example.com"


def test_password_sign_in_can_be_turned_off(db_url: str, tmp_path: Path, issuer: str) -> None:
    with session_scope(db_url) as session:
        add(session, "ada", "admin-password-12", "admin")
    settings = sso_settings(db_url, tmp_path, issuer, password_sign_in=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/auth/providers").json()["password"] is False
        for route in ("/api/v1/auth/token", "/api/v1/auth/session"):
            answer = client.post(route, data={"username": "ada", "password": "admin-password-12"})
            assert answer.status_code == 403
            assert answer.json()["detail"] == (
                "password sign-in is turned off here (GRIDLENS_PASSWORD_SIGN_IN)"
            )


def test_without_a_provider_sso_is_off(db_url: str, tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(db_url, tmp_path))) as client:
        assert client.get("/api/v1/auth/providers").json() == {"password": True, "oidc": None}
        answer = client.get("/api/v1/auth/oidc/login", follow_redirects=False)
        assert answer.status_code == 403
        assert answer.json()["detail"] == (
            "single sign-on is not configured (GRIDLENS_OIDC_ISSUER, GRIDLENS_OIDC_CLIENT_ID)"
        )


def test_the_callback_address_comes_from_the_public_url_not_the_host_header(
    db_url: str, tmp_path: Path, issuer: str
) -> None:
    settings = sso_settings(db_url, tmp_path, issuer, public_url="https://gridlens.example.org/")
    with TestClient(create_app(settings)) as client:
        answer = client.get(
            "/api/v1/auth/oidc/login", headers={"Host": "evil.example"}, follow_redirects=False
        )
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["redirect_uri"] == [f"https://gridlens.example.org{CALLBACK}"]


def test_production_with_single_sign_on_needs_a_public_url() -> None:
    fields: dict[str, object] = {
        "env": "production",
        "jwt_secret": "p" * 48,
        "oidc_issuer": "https://id.example.org",
        "oidc_client_id": "gridlens",
    }
    with pytest.raises(ValidationError, match="GRIDLENS_PUBLIC_URL must be set"):
        Settings(**fields)  # type: ignore[arg-type]
    assert Settings(**fields, public_url="https://gridlens.example.org").oidc_enabled  # type: ignore[arg-type]


def test_provider_documents_are_fetched_once_for_many_sign_ins(db_url: str, tmp_path: Path) -> None:
    with (
        token_stub() as stub,
        TestClient(create_app(sso_settings(db_url, tmp_path, stub.issuer))) as client,
    ):
        for _ in range(3):
            client.cookies.clear()
            back = httpx.get(start(client), follow_redirects=False).headers["location"]
            assert client.get(back, follow_redirects=False).headers["location"] == "/"
        assert stub.hits["/.well-known/openid-configuration"] == 1
        assert stub.hits["/jwks"] == 1
        assert stub.hits["/token"] == 3


def test_a_rotated_signing_key_is_fetched_when_a_token_names_it(
    db_url: str, tmp_path: Path
) -> None:
    with (
        token_stub() as stub,
        TestClient(create_app(sso_settings(db_url, tmp_path, stub.issuer))) as client,
    ):
        back = httpx.get(start(client), follow_redirects=False).headers["location"]
        assert client.get(back, follow_redirects=False).headers["location"] == "/"
        stub.rotate_key()
        client.cookies.clear()
        back = httpx.get(start(client), follow_redirects=False).headers["location"]
        assert client.get(back, follow_redirects=False).headers["location"] == "/"
        assert client.get("/api/v1/auth/me").json()["username"] == "stub@example.com"
        assert stub.hits["/jwks"] == 2
