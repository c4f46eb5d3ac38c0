"""The built React app at /, with single-page fallback; a pointer to the build when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Match, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from gridlens.settings import Settings

# Paths the app answers itself: an unknown one there is a 404 problem, never the UI.
RESERVED = ("/api", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz", "/metrics")
IMMUTABLE = "public, max-age=31536000, immutable"  # Vite puts a content hash in asset names
# Where `make web` builds the UI in this source checkout (<project>/src/gridlens/api/ui.py), so
# `gridlens serve` finds it whatever directory it is started from.
PROJECT_DIST = Path(__file__).resolve().parents[3] / "frontend" / "dist"

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gridlens</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>gridlens</h1>
<p>The web UI is not built. Build it with:</p>
<pre>npm --prefix frontend ci &amp;&amp; npm --prefix frontend run build</pre>
<p>The API is running: see <a href="/docs">/docs</a>
(or <a href="/openapi.json">/openapi.json</a>).</p>
</body></html>
"""


def reserved(scope: Scope) -> bool:
    """Whether the request path, below any root_path, is one the app answers itself."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(f"{root_path}/"):
        path = path[len(root_path) :]
    return any(path == prefix or path.startswith(f"{prefix}/") for prefix in RESERVED)


def ui_dist(settings: Settings) -> Path:
    """GRIDLENS_WEB_DIST, else the project's frontend/dist (never relative to the cwd)."""
    return Path(settings.web_dist) if settings.web_dist else PROJECT_DIST


class SpaRoute(Route):
    """Matches every path outside RESERVED, so unknown API paths still answer 404."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and reserved(scope):
            return Match.NONE, {}
        return super().matches(scope)


class HashedAssets(StaticFiles):
    """Static files cached for a year: a new build gives them new names."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = IMMUTABLE
        return response


def mount_ui(app: FastAPI, dist: Path) -> None:
    """Serve dist (index.html, assets/) when built, else a page that says how to build it."""
    root = dist.resolve()
    index = root / "index.html"
    if not index.is_file():

        async def not_built() -> HTMLResponse:
            return HTMLResponse(NOT_BUILT)

        app.add_api_route("/", not_built, include_in_schema=False, methods=["GET"])
        return

    async def spa(request: Request) -> Response:
        wanted = (root / request.path_params["path"]).resolve()
        # Real files beside index.html (favicon.ico, robots.txt); anything else is a UI route.
        if wanted != index and wanted.is_relative_to(root) and wanted.is_file():
            return FileResponse(wanted)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    if (root / "assets").is_dir():
        app.mount("/assets", HashedAssets(directory=root / "assets"), name="assets")
    # Last, after every other route, so it only catches what nothing else answers.
    app.router.routes.append(SpaRoute("/{path:path}", spa, methods=["GET"]))
