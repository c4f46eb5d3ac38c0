"""/docs and /redoc load only what gridlens serves, cached for good, under the one content policy.

frontend/e2e/api-docs.spec.ts drives both pages in a browser cut off from every other host.
"""

from __future__ import annotations

from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gridlens.api.docs import SOURCES, digests
from gridlens.api.security import UI_POLICY
from tests.unit.api.conftest import MakeApp

VENDORED = Path(str(files("fastapi_offline") / "static"))
IMMUTABLE = "public, max-age=31536000, immutable"
URL_ATTRIBUTES = {"src", "href", "data-openapi-url", "spec-url"}


class Links(HTMLParser):
    """Every URL a page names, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in URL_ATTRIBUTES and value]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


def asset(name: str) -> str:
    return f"/docs/assets/{digests()[name]}/{name}"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "/docs",
            [
                asset("favicon.png"),
                asset("swagger-ui.css"),
                "/openapi.json",
                asset("swagger-ui-bundle.js"),
                asset("swagger-init.js"),
            ],
        ),
        ("/redoc", [asset("favicon.png"), "/openapi.json", asset("redoc.standalone.js")]),
    ],
)
def test_pages_name_only_same_origin_urls(
    make_app: MakeApp, page: str, expected: list[str]
) -> None:
    response = TestClient(make_app()).get(page)

    assert response.status_code == 200
    assert links(response.text) == expected
    assert "//" not in response.text  # no absolute or protocol-relative URL anywhere
    assert "<script>" not in response.text  # every script is a file: no inline code to allow
    assert response.headers["content-security-policy"] == UI_POLICY
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("name", "media_type", "source"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8", VENDORED),
        ("swagger-ui.css", "text/css; charset=utf-8", VENDORED),
        ("redoc.standalone.js", "text/javascript; charset=utf-8", VENDORED),
        ("favicon.png", "image/png", VENDORED),
        ("swagger-init.js", "text/javascript; charset=utf-8", SOURCES["swagger-init.js"].parent),
    ],
)
def test_assets_are_the_packaged_files_cached_for_good(
    make_app: MakeApp, name: str, media_type: str, source: Path
) -> None:
    response = TestClient(make_app()).get(asset(name))

    assert response.status_code == 200
    assert response.content == (source / name).read_bytes()
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-security-policy"] == UI_POLICY


def test_the_digest_is_of_the_content(make_app: MakeApp) -> None:
    client = TestClient(make_app())
    digest = digests()["swagger-ui.css"]

    assert len(digest) == 16
    assert digest != digests()["swagger-ui-bundle.js"]
    stale = client.get("/docs/assets/0123456789abcdef/swagger-ui.css")
    unknown = client.get(f"/docs/assets/{digest}/secret.txt")
    for response in (stale, unknown):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert "cache-control" not in response.headers
    assert stale.json()["detail"] == "no docs asset swagger-ui.css with digest 0123456789abcdef"


def test_below_a_root_path_every_url_keeps_the_prefix(make_app: MakeApp) -> None:
    client = TestClient(make_app(), root_path="/gridlens")

    urls = links(client.get("/docs").text)

    assert urls[2] == "/gridlens/openapi.json"
    assert [url for url in urls if not url.startswith("/gridlens/docs/assets/")] == [urls[2]]


def test_fastapis_cdn_pages_are_gone(make_app: MakeApp) -> None:
    client = TestClient(make_app())

    # FastAPI's oauth2-redirect page serves only flows gridlens does not offer.
    assert client.get("/docs/oauth2-redirect").status_code == 404


def test_authorize_offers_the_password_flow_and_a_personal_api_token(make_app: MakeApp) -> None:
    schema = TestClient(make_app()).get("/openapi.json").json()

    assert schema["components"]["securitySchemes"] == {
        "OAuth2PasswordBearer": {
            "type": "oauth2",
            "flows": {"password": {"scopes": {}, "tokenUrl": "/api/v1/auth/token"}},
        },
        "ApiToken": {
            "type": "http",
            "description": "A personal API token (glp_..., from POST /api/v1/auth/api-tokens).",
            "scheme": "bearer",
            "bearerFormat": "glp_...",
        },
    }
    either = [{"OAuth2PasswordBearer": []}, {"ApiToken": []}]
    assert schema["paths"]["/api/v1/plants/top"]["get"]["security"] == either
    assert schema["paths"]["/api/v1/auth/api-tokens"]["post"]["security"] == either
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
