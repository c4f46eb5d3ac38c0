"""Per request: an id echoed back, one access log line, metrics labelled by route template."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gridlens.api.errors import internal_error
from gridlens.metrics import HTTP_REQUEST_DURATION, HTTP_REQUESTS

HEADER = "X-Request-ID"
# A caller's id goes into logs and headers: accept only short, plain tokens.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

log = structlog.stdlib.get_logger("gridlens.access")


def request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is safe to echo, else a fresh uuid4 hex."""
    given = Headers(scope=scope).get(HEADER)
    return given if given and _SAFE_ID.match(given) else uuid.uuid4().hex


def route_label(scope: Scope) -> str:
    """The matched route's template (/api/v1/plants/{plant_id}); "unmatched" when none matched."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else "unmatched"


class RequestMiddleware:
    """Pure ASGI, so responses stream through untouched and the cost per request stays small."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        # request.state.request_id: what audit events record beside the caller.
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=rid):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                log.exception("unhandled error", path=scope["path"])
                if response_started:
                    raise
                await internal_error(rid)(scope, receive, send_with_id)
            finally:
                self._record(scope, status, time.perf_counter() - started, rid)

    @staticmethod
    def _record(scope: Scope, status: int, seconds: float, rid: str) -> None:
        method = scope["method"] if scope["method"] in _METHODS else "OTHER"
        route = route_label(scope)
        counted, timed = _series(method, route, status)
        counted.inc()
        timed.observe(seconds)
        (access_log().error if status >= 500 else access_log().info)(
            "request",
            method=method,
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 2),
            request_id=rid,
        )


# The metrics' children by labels: prometheus_client's labels() checks and locks on every call.
_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _series(method: str, route: str, status: int) -> tuple[Any, Any]:
    found = _SERIES.get((method, route, status))
    if found is None:
        found = (
            HTTP_REQUESTS.labels(method, route, str(status)),
            HTTP_REQUEST_DURATION.labels(method, route),
        )
        _SERIES[(method, route, status)] = found
    return found


# The access logger bound once per logging configuration: structlog's lazy proxy builds a new
# bound logger on every call (caching on first use is off, so that reconfiguring takes effect).
_bound: tuple[tuple[object, ...], Any] = ((), None)


def access_log() -> Any:
    global _bound
    config = tuple(structlog.get_config().values())
    known, logger = _bound
    if len(known) != len(config) or any(a is not b for a, b in zip(known, config, strict=True)):
        logger = log.bind()
        _bound = (config, logger)
    return logger
