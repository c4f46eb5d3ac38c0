"""The app factory: `uvicorn --factory gridlens.api.app:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from gridlens import __version__
from gridlens.api.cache import ResponseCache
from gridlens.api.docs import mount_docs
from gridlens.api.errors import install_error_handlers
from gridlens.api.middleware import RequestMiddleware
from gridlens.api.openapi import build_openapi
from gridlens.api.problems import documented
from gridlens.api.readiness import Readiness
from gridlens.api.routers import (
    audit,
    auth,
    events,
    files,
    ingestions,
    ops,
    plant_map,
    plants,
    sso,
    users,
)
from gridlens.api.ui import mount_ui, ui_dist
from gridlens.auth.budget import SharedBudget
from gridlens.auth.cache import PrincipalCache, cached_principal, watch_user_changes
from gridlens.auth.guards import current_principal
from gridlens.auth.ratelimit import make_limiter
from gridlens.logs import configure_logging
from gridlens.settings import Settings, get_settings
from gridlens.tracing import instrument_app

GUARDED = documented({401: "Missing, invalid or expired token", 429: "Request budget spent"})
# The /api/v1 routers that need a signed-in caller; auth itself stays reachable. The read side
# takes its caller from a cache that trusts a credential for at most a second (auth.cache).
API_ROUTERS: tuple[tuple[APIRouter, Callable[..., Any]], ...] = (
    (plant_map.router, cached_principal),  # before plants: /plants/map is not a plant_id
    (plants.router, cached_principal),
    (ingestions.router, current_principal),
    (files.router, current_principal),
)


def operation_id(route: APIRoute) -> str:
    # The endpoint's own name (top_plants), so the generated client reads like the code.
    return route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The embedded default runs its ingestion worker in this process (SQLite: one writer)."""
    settings: Settings = app.state.settings
    if not settings.runs_embedded_worker:
        yield
        return
    from gridlens.ingest.worker import start_background_worker

    thread, stop = start_background_worker(settings)
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The gridlens web app: API, docs, ops endpoints and the UI."""
    settings = settings or get_settings()
    configure_logging(settings, service="gridlens-api")
    app = FastAPI(
        lifespan=_lifespan,
        # Traces come from gridlens.tracing when asked for; FastAPI's own telemetry would check
        # OpenTelemetry's providers (and the environment) on every request to find it is off.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        title="gridlens",
        version=__version__,
        summary="U.S. power plants ranked by net generation, from EPA's eGRID data",
        generate_unique_id_function=operation_id,
        # FastAPI's own pages load their scripts from a CDN; mount_docs serves them from here.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.readiness = Readiness(settings)
    app.state.limiter = make_limiter(settings.redis_url)
    app.state.responses = ResponseCache(settings.database_url)
    watch_user_changes()
    app.state.principals = PrincipalCache()
    app.state.budget = SharedBudget(settings.redis_url) if settings.redis_url else None
    # Routes match in this order, each a regular expression in turn: the read side first, then
    # the probes (a few a second from each orchestrator), then the rest.
    for router, guard in API_ROUTERS[:2]:
        app.include_router(router, dependencies=[Depends(guard)], responses=GUARDED)
    app.include_router(ops.router)
    for router, guard in API_ROUTERS[2:]:
        app.include_router(router, dependencies=[Depends(guard)], responses=GUARDED)
    app.include_router(auth.router)
    app.include_router(sso.router)
    app.include_router(users.router)
    app.include_router(audit.router)
    app.include_router(events.router)  # its own shared secret, not a user's token
    mount_docs(app)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    app.add_middleware(RequestMiddleware)
    mount_ui(app, ui_dist(settings))
    instrument_app(app, "gridlens-api")
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app
