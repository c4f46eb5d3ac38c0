"""Swagger UI at /docs and ReDoc at /redoc, their files served by gridlens itself.

FastAPI's own pages load both from a public CDN, so on a machine without the internet they are
blank. Here the files come from the pinned fastapi-offline package (Swagger UI's and ReDoc's
release bundles) and from docs_assets/ (our start-up script), under /docs/assets/<digest>/<name>:
the digest is of the file's content, so each URL names one content and is cached for good.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse

from gridlens.api.ui import IMMUTABLE

ASSETS_PATH = "/docs/assets"
_VENDORED = Path(str(files("fastapi_offline") / "static"))
_OURS = Path(__file__).with_name("docs_assets")
SOURCES = {
    "swagger-ui-bundle.js": _VENDORED / "swagger-ui-bundle.js",
    "swagger-ui.css": _VENDORED / "swagger-ui.css",
    "redoc.standalone.js": _VENDORED / "redoc.standalone.js",
    "favicon.png": _VENDORED / "favicon.png",
    "swagger-init.js": _OURS / "swagger-init.js",
}

SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Swagger UI</title>
<link rel="icon" href="{favicon_png}">
<link rel="stylesheet" href="{swagger_ui_css}">
</head><body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{swagger_ui_bundle_js}"></script>
<script src="{swagger_init_js}"></script>
</body></html>
"""
REDOC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - ReDoc</title>
<link rel="icon" href="{favicon_png}">
<style>body {{ margin: 0; padding: 0 }}</style>
</head><body>
<redoc spec-url="{openapi}"></redoc>
<script src="{redoc_standalone_js}"></script>
</body></html>
"""


@cache
def digests() -> dict[str, str]:
    """Each asset's name to the start of its SHA-256, read once per process."""
    return {
        name: hashlib.sha256(path.read_bytes()).hexdigest()[:16] for name, path in SOURCES.items()
    }


def _page(template: str, request: Request, title: str, openapi_url: str) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    # A template names swagger-ui.css as {swagger_ui_css}: a dot in a format field is a lookup.
    urls = {
        re.sub(r"[.-]", "_", name): escape(f"{root}{ASSETS_PATH}/{digest}/{name}")
        for name, digest in digests().items()
    }
    html = template.format_map(
        urls | {"title": escape(title), "openapi": escape(f"{root}{openapi_url}")}
    )
    # The page names the current digests, so it is revalidated; the assets are not.
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


def mount_docs(app: FastAPI, openapi_url: str = "/openapi.json") -> None:
    """/docs, /redoc and their assets; the app is made with docs_url=None and redoc_url=None."""

    async def swagger_ui(request: Request) -> HTMLResponse:
        return _page(SWAGGER_PAGE, request, app.title, openapi_url)

    async def redoc(request: Request) -> HTMLResponse:
        return _page(REDOC_PAGE, request, app.title, openapi_url)

    async def asset(digest: str, name: str) -> FileResponse:
        if digests().get(name) != digest:
            raise HTTPException(404, f"no docs asset {name} with digest {digest}")
        return FileResponse(SOURCES[name], headers={"Cache-Control": IMMUTABLE})

    app.add_api_route("/docs", swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        f"{ASSETS_PATH}/{{digest}}/{{name}}", asset, methods=["GET"], include_in_schema=False
    )
