"""The built UI at / with single-page fallback, or a page saying how to build it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gridlens.api import ui
from gridlens.api.ui import ui_dist
from gridlens.settings import Settings
from tests.unit.api.conftest import MakeApp

INDEX = "<!doctype html><title>gridlens</title><div id=root></div>"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-3f2a1b.js").write_text("console.log(1)")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside dist")
    return dist


@pytest.mark.parametrize("path", ["/", "/states/TX", "/plants/6251?year=2023", "/index.html"])
def test_ui_routes_answer_index_html(make_app: MakeApp, built: Path, path: str) -> None:
    response = TestClient(make_app(web_dist=str(built))).get(path)

    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_index_is_revalidated_so_a_new_build_shows(make_app: MakeApp, built: Path) -> None:
    client = TestClient(make_app(web_dist=str(built)))

    for path in ("/", "/states", "/index.html"):
        assert client.get(path).headers["cache-control"] == "no-cache", path


def test_hashed_assets_are_cached_for_a_year(make_app: MakeApp, built: Path) -> None:
    response = TestClient(make_app(web_dist=str(built))).get("/assets/index-3f2a1b.js")

    assert response.status_code == 200
    assert response.text == "console.log(1)"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_missing_asset_is_404_not_the_page(make_app: MakeApp, built: Path) -> None:
    response = TestClient(make_app(web_dist=str(built))).get("/assets/gone.js")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_real_files_beside_index_are_served(make_app: MakeApp, built: Path) -> None:
    response = TestClient(make_app(web_dist=str(built))).get("/favicon.svg")

    assert response.text == "<svg/>"


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"])
def test_nothing_outside_dist_is_served(make_app: MakeApp, built: Path, path: str) -> None:
    response = TestClient(make_app(web_dist=str(built))).get(path)

    assert "outside dist" not in response.text


@pytest.mark.parametrize(
    "path", ["/api", "/api/v1/nope", "/api/v2/plants", "/healthz/x", "/metrics/x", "/docs/x"]
)
def test_reserved_paths_never_fall_back_to_the_ui(
    make_app: MakeApp, built: Path, path: str
) -> None:
    response = TestClient(make_app(web_dist=str(built))).get(path)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_docs_and_openapi_still_served_with_the_ui(make_app: MakeApp, built: Path) -> None:
    client = TestClient(make_app(web_dist=str(built)))

    assert "swagger-ui" in client.get("/docs").text
    assert client.get("/openapi.json").json()["info"]["title"] == "gridlens"


def test_ui_only_answers_get(make_app: MakeApp, built: Path) -> None:
    response = TestClient(make_app(web_dist=str(built))).post("/states")

    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"


def test_without_a_build_the_root_says_how_to_build(make_app: MakeApp) -> None:
    client = TestClient(make_app())

    response = client.get("/")

    assert response.status_code == 200
    assert "npm --prefix frontend ci &amp;&amp; npm --prefix frontend run build" in response.text
    assert '<a href="/docs">' in response.text
    assert client.get("/states").status_code == 404


def test_dist_defaults_to_the_projects_build_wherever_serve_starts(
    make_app: MakeApp, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Path(__file__).resolve().parents[3]
    assert (project / "pyproject.toml").is_file()
    assert ui_dist(Settings(web_dist=None)) == project / "frontend" / "dist"
    # A build there is served, started from any directory: here one laid out elsewhere stands in.
    monkeypatch.setattr(ui, "PROJECT_DIST", built)
    elsewhere = tmp_path / "elsewhere" / "frontend" / "dist"
    elsewhere.mkdir(parents=True)
    (elsewhere / "index.html").write_text("not this one")
    monkeypatch.chdir(elsewhere.parent.parent)

    response = TestClient(make_app(web_dist=None)).get("/some/ui/route")

    assert response.text == INDEX


def test_web_dist_setting_wins(built: Path) -> None:
    assert ui_dist(Settings(web_dist=str(built))) == built
