"""docker/nginx.conf, the web image's server, run by Debian's nginx in front of a real API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from gridlens.api.security import UI_POLICY
from tests.conftest import ROOT
from tests.integration.ops.processes import free_port, gridlens_serve, nginx, serve_env

WEB_CONF = ROOT / "docker" / "nginx.conf"
IMAGE_ROOT = "root /usr/share/nginx/html;"
INDEX = '<!doctype html><title>gridlens</title><div id="root"></div>'
ASSET = "assets/index-3f2a1b.js"


def render(*, api: str, root: Path, port: int) -> str:
    """What the image's entrypoint makes of the template, with local paths for the image's."""
    text = WEB_CONF.read_text()
    text = text.replace("${GRIDLENS_API_UPSTREAM}", api)
    text = text.replace("${NGINX_LOCAL_RESOLVERS}", "127.0.0.1")
    assert "${" not in text, "a placeholder the image's entrypoint does not fill"
    assert text.count(IMAGE_ROOT) == 1
    assert text.count("listen 8080;") == 1
    text = text.replace(IMAGE_ROOT, f"root {root};")
    return text.replace("listen 8080;", f"listen 127.0.0.1:{port};")


def built_ui(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / ASSET).write_text("console.log('gridlens')")
    return folder


@dataclass(frozen=True)
class Web:
    url: str
    api_url: str


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The web config on a free port, proxying to `gridlens serve` on the embedded database."""
    work = tmp_path_factory.mktemp("web")
    api_port, web_port = free_port(), free_port()
    env = serve_env(f"sqlite:///{work / 'gridlens.db'}", work / "store")
    config = render(api=f"127.0.0.1:{api_port}", root=built_ui(work / "dist"), port=web_port)
    with gridlens_serve([api_port], env, work), nginx(config, work / "nginx", web_port):
        yield Web(f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{api_port}")


SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
)


@pytest.mark.parametrize("path", ["/", "/index.html", "/states/TX", "/plants/6008?year=2023"])
def test_ui_routes_answer_the_page_revalidated(web: Web, path: str) -> None:
    response = httpx.get(web.url + path)

    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == "no-cache"


def test_the_ui_gets_the_security_headers_serve_would_send(web: Web) -> None:
    from_nginx = httpx.get(f"{web.url}/states/TX").headers
    from_serve = httpx.get(f"{web.api_url}/states/TX").headers

    assert from_nginx["content-security-policy"] == UI_POLICY
    assert {h: from_nginx[h] for h in SECURITY_HEADERS} == {
        h: from_serve[h] for h in SECURITY_HEADERS
    }


def test_api_responses_carry_the_apis_headers_once(web: Web) -> None:
    response = httpx.get(f"{web.url}/healthz")

    assert {h: response.headers.get_list(h) for h in SECURITY_HEADERS} == {
        "content-security-policy": [UI_POLICY],
        "x-content-type-options": ["nosniff"],
        "referrer-policy": ["strict-origin-when-cross-origin"],
        "x-frame-options": ["DENY"],
    }


def test_hashed_assets_are_cached_for_a_year(web: Web) -> None:
    response = httpx.get(f"{web.url}/{ASSET}")

    assert response.status_code == 200
    assert response.text == "console.log('gridlens')"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_missing_asset_is_404_not_the_page(web: Web) -> None:
    response = httpx.get(f"{web.url}/assets/index-000000.js")

    assert response.status_code == 404
    assert INDEX not in response.text


def test_liveness_and_readiness_come_from_the_api(web: Web) -> None:
    alive = httpx.get(f"{web.url}/healthz")
    ready = httpx.get(f"{web.url}/readyz")

    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "store": "ok"}}
    assert "cache-control" not in alive.headers


def test_api_paths_reach_the_api(web: Web) -> None:
    unknown = httpx.get(f"{web.url}/api/v1/no-such-thing")
    schema = httpx.get(f"{web.url}/openapi.json")
    docs = httpx.get(f"{web.url}/docs")

    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert schema.json()["info"]["title"] == "gridlens"
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    # Swagger UI's files come from the API too (gridlens.api.docs), cached for good.
    [bundle] = re.findall(r'src="(/docs/assets/[0-9a-f]{16}/swagger-ui-bundle\.js)"', docs.text)
    script = httpx.get(f"{web.url}{bundle}")
    assert script.status_code == 200
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.headers["content-security-policy"] == UI_POLICY
    assert script.text.startswith("/*! For license information please see swagger-ui-bundle.js")


def test_metrics_stay_inside(web: Web) -> None:
    assert httpx.get(f"{web.url}/metrics").status_code == 404
    assert httpx.get(f"{web.api_url}/metrics").status_code == 200


def test_request_id_is_kept_or_made(web: Web) -> None:
    given = httpx.get(f"{web.url}/healthz", headers={"X-Request-ID": "trace-42"})
    made = httpx.get(f"{web.url}/healthz")

    assert given.headers["x-request-id"] == "trace-42"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])


def test_nginx_answers_its_own_liveness(web: Web) -> None:
    response = httpx.get(f"{web.url}/nginx-healthz")

    assert (response.status_code, response.text) == (200, "ok\n")


def test_without_an_api_the_ui_loads_and_the_api_paths_say_502(tmp_path: Path) -> None:
    web_port = free_port()
    config = render(api=f"127.0.0.1:{free_port()}", root=built_ui(tmp_path / "dist"), port=web_port)

    with nginx(config, tmp_path / "nginx", web_port):
        page = httpx.get(f"http://127.0.0.1:{web_port}/")
        api = httpx.get(f"http://127.0.0.1:{web_port}/api/v1/years")

    assert (page.status_code, page.text) == (200, INDEX)
    assert api.status_code == 502
