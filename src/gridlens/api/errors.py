"""Every failure mapped once to a problem response: domain errors, validation, plain HTTP errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount

from gridlens.api.problems import ProblemResponse, problem
from gridlens.api.readiness import NotReady
from gridlens.auth.errors import (
    Forbidden,
    LastAdmin,
    NotAuthenticated,
    RateLimited,
    TokenNotFound,
    UserError,
)
from gridlens.ingest.events import BadEvent
from gridlens.ingest.uploads import UploadRefused
from gridlens.plants.errors import (
    NoData,
    PlantNotFound,
    PlantNotInAnyYear,
    UnknownState,
    YearNotLoaded,
)
from gridlens.runs.queries import IngestionNotFound
from gridlens.store.base import InvalidKey, ObjectNotFound, StoreError

log = structlog.stdlib.get_logger("gridlens.api")
METHODS = (
    "DELETE",
    "GET",
    "HEAD",
    "OPTIONS",
    "PATCH",
    "POST",
    "PUT",
)  # sorted, as Allow lists them


@dataclass(frozen=True, slots=True)
class Kind:
    status: int
    slug: str
    title: str


PROBLEMS: dict[type[Exception], Kind] = {
    NoData: Kind(404, "no-data", "No data loaded"),
    YearNotLoaded: Kind(404, "year-not-loaded", "Year not loaded"),
    PlantNotFound: Kind(404, "plant-not-found", "Plant not found"),
    PlantNotInAnyYear: Kind(404, "plant-not-found", "Plant not found"),
    IngestionNotFound: Kind(404, "ingestion-not-found", "Ingestion not found"),
    NotReady: Kind(503, "not-ready", "Not ready"),
    NotAuthenticated: Kind(401, "not-authenticated", "Not authenticated"),
    Forbidden: Kind(403, "forbidden", "Forbidden"),
    RateLimited: Kind(429, "rate-limited", "Too many requests"),
    UserError: Kind(409, "user-request-refused", "Request refused"),
    ObjectNotFound: Kind(404, "object-not-found", "No such file in the store"),
    InvalidKey: Kind(422, "invalid-key", "Invalid store key"),
    TokenNotFound: Kind(404, "token-not-found", "No such API token"),
    LastAdmin: Kind(409, "last-admin", "The last active admin must stay"),
    StoreError: Kind(503, "store-unavailable", "Object store unavailable"),
    BadEvent: Kind(422, "bad-event", "Not an S3 event"),
}


# What a client must be told besides the body, per failure (RFC 6750, RFC 9110).
def _headers(exc: Exception) -> dict[str, str] | None:
    if isinstance(exc, NotAuthenticated):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(exc.retry_after_s)}
    return None


def instance(request: Request) -> str:
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


async def domain_problem(request: Request, exc: Exception) -> ProblemResponse:
    kind = next(PROBLEMS[cls] for cls in type(exc).__mro__ if cls in PROBLEMS)
    extensions: dict[str, Any] = {"checks": exc.checks} if isinstance(exc, NotReady) else {}
    return problem(
        kind.status,
        str(exc),
        slug=kind.slug,
        title=kind.title,
        instance=instance(request),
        headers=_headers(exc),
        **extensions,
    )


def invalid_param(error: Any) -> dict[str, str]:
    """One pydantic error as {in, name, detail}, our own messages without pydantic's prefix."""
    loc = [str(part) for part in error.get("loc", ())]
    where, name = (loc[0], ".".join(loc[1:])) if len(loc) > 1 else ("request", ".".join(loc))
    cause = (error.get("ctx") or {}).get("error")
    detail = str(cause) if isinstance(cause, UnknownState) else str(error.get("msg", "invalid"))
    return {"in": where, "name": name, "detail": detail}


async def validation_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [invalid_param(error) for error in exc.errors()]
    summary = "; ".join(f"{e['name']} ({e['in']}): {e['detail']}" for e in errors)
    return problem(
        422,
        f"Fix these request parameters: {summary}",
        slug="invalid-request",
        title="Invalid request",
        instance=instance(request),
        errors=errors,
    )


async def http_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, HTTPException)
    detail = str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"Nothing is at {request.url.path}. The API lives under /api/v1; /docs lists it."
    headers = exc.headers
    if exc.status_code == 405:
        given = exc.headers or {}  # Starlette's "Allow"
        allowed = allowed_methods(request) or given.get("Allow", "")
        headers = {**given, "Allow": allowed}
        if detail == "Method Not Allowed":
            detail = f"{request.method} is not allowed on {request.url.path}; use {allowed}."
    return problem(exc.status_code, detail, instance=instance(request), headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method the path answers; Starlette's 405 names only the first route's (one each).

    Asks the app's own routes whether each method would match, so included routers count too.
    """
    routes = [route for route in request.app.router.routes if not isinstance(route, Mount)]
    allowed = [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]
    return ", ".join(allowed)


def missing_tables(exc: DBAPIError) -> bool:
    # PostgreSQL's undefined_table, SQLite's own wording: the schema was never migrated.
    return getattr(exc.orig, "sqlstate", None) == "42P01" or "no such table" in str(exc.orig)


async def database_problem(request: Request, exc: Exception) -> ProblemResponse:
    """503 for a database that is down or not migrated; any other database error is a bug."""
    assert isinstance(exc, DBAPIError)
    if missing_tables(exc):
        detail = (
            "The database has no gridlens tables. Run `gridlens db upgrade`, "
            "then load data with `gridlens ingest`."
        )
    elif isinstance(exc, OperationalError) or exc.connection_invalidated:
        detail = "The database is unreachable or busy. Try again shortly; /readyz tells when."
    else:
        raise exc
    log.warning("database unavailable", error=str(exc.orig).strip()[:500])
    return problem(
        503,
        detail,
        slug="database-unavailable",
        title="Database unavailable",
        instance=instance(request),
    )


async def upload_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, UploadRefused)
    return problem(
        exc.status,
        str(exc),
        slug="upload-refused",
        title="Upload refused",
        instance=instance(request),
        error_code=exc.code,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every known failure with application/problem+json."""
    app.add_exception_handler(UploadRefused, upload_problem)
    for exc_type in PROBLEMS:
        app.add_exception_handler(exc_type, domain_problem)
    app.add_exception_handler(RequestValidationError, validation_problem)
    app.add_exception_handler(HTTPException, http_problem)
    app.add_exception_handler(DBAPIError, database_problem)


def internal_error(request_id: str) -> ProblemResponse:
    """The 500 for a bug: nothing internal in the body, the id to find it in the logs."""
    return problem(
        500,
        f"Something went wrong on our side. It is logged under request id {request_id}; "
        "quote that id when you report it.",
        request_id=request_id,
    )
