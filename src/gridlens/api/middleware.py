"""Per request, in one pure ASGI layer: an id echoed back, security headers, gzip where it pays,
metrics labelled by route template and one access log line.

One layer rather than one each: every layer costs a call and a send wrapper per request, and on
/healthz the four of them cost as much as the framework itself.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from typing import Any

import structlog
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipResponder, IdentityResponder
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import bind_contextvars, reset_contextvars

from gridlens.api.errors import internal_error
from gridlens.api.security import SECURITY_HEADERS
from gridlens.logs import direct_logger
from gridlens.metrics import HTTP_REQUEST_DURATION, HTTP_REQUESTS

HEADER = "X-Request-ID"
_HEADER = b"x-request-id"
# A caller's id goes into logs and headers: accept only short, plain tokens.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
GZIP_FROM = 1024  # smaller bodies go as they are: compressing them saves less than it costs
GZIP_LEVEL = 9  # Starlette's GZipMiddleware's default, as before this layer replaced it
_SECURITY_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)

log = structlog.stdlib.get_logger("gridlens.access")  # for errors: their traceback, rarely


def request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is safe to echo, else a fresh 32-hex-digit id."""
    given = Headers(scope=scope).get(HEADER)
    return _checked_id(given)


# A fresh id: this process's random 64 bits, then a count (os.urandom per request cost a system
# call): unique across processes and restarts, and ordered within one process.
_PROCESS_ID = secrets.token_hex(8)
_COUNT = itertools.count(1)


def _checked_id(given: str | None) -> str:
    return given if given and _SAFE_ID.match(given) else f"{_PROCESS_ID}{next(_COUNT):016x}"


def route_label(scope: Scope) -> str:
    """The matched route's template (/api/v1/plants/{plant_id}); "unmatched" when none matched."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else "unmatched"


class RequestMiddleware:
    """Pure ASGI, so responses stream through untouched and the cost per request stays small."""

    def __init__(self, app: ASGIApp, *, gzip_from: int = GZIP_FROM) -> None:
        self.app = app
        self.gzip_from = gzip_from

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given: bytes | None = None
        gzip = False
        for name, value in scope["headers"]:
            if name == _HEADER:
                given = value
            elif name == b"accept-encoding" and b"gzip" in value:
                gzip = True
        rid = _checked_id(given.decode("latin-1") if given is not None else None)
        # request.state.request_id: what audit events record beside the caller.
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500
        response_started = False
        # Starlette's gzip responder, made only for a body that may be large enough to need it.
        responder: IdentityResponder | None = None

        async def send_wrapped(message: Message) -> None:
            nonlocal status, response_started, responder
            if responder is not None:
                await responder.send_with_compression(message)
                return
            if message["type"] != "http.response.start":
                await send(message)
                return
            response_started = True
            status = message["status"]
            headers = self._headers(message, rid)
            if self._small(headers):
                await send(message)
                return
            responder = (
                GZipResponder(self.app, self.gzip_from, compresslevel=GZIP_LEVEL)
                if gzip
                else IdentityResponder(self.app, self.gzip_from)
            )
            responder.send = send
            await responder.send_with_compression(message)

        tokens = bind_contextvars(request_id=rid)
        try:
            await self.app(scope, receive, send_wrapped)
        except Exception:
            log.exception("unhandled error", path=scope["path"])
            if response_started:
                raise
            await internal_error(rid)(scope, receive, send_wrapped)
        finally:
            reset_contextvars(**tokens)
            self._record(scope, status, time.perf_counter() - started, rid)

    @staticmethod
    def _headers(message: Message, rid: str) -> list[tuple[bytes, bytes]]:
        """The response's headers with the request id (replacing any) and each security header
        the response did not set itself."""
        raw: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
        names = {name.lower() for name, _ in raw}
        if _HEADER in names:
            raw = [(name, value) for name, value in raw if name.lower() != _HEADER]
        if names.isdisjoint(_SECURITY_NAMES):
            raw.extend(SECURITY_HEADERS)
        else:
            raw.extend(header for header in SECURITY_HEADERS if header[0] not in names)
        raw.append((_HEADER, rid.encode("latin-1")))
        message["headers"] = raw
        return raw

    def _small(self, headers: list[tuple[bytes, bytes]]) -> bool:
        """True when the body is known to be too small to compress, or is already encoded: the
        responder would pass it through unchanged, with no Vary header."""
        length = None
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"content-encoding":
                return False  # the responder passes it through; let it decide, as before
            if lowered == b"content-length":
                length = value
        return length is not None and int(length) < self.gzip_from

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


def access_log() -> Any:
    """The access logger: the configured processors, its lines written straight to stderr."""
    return direct_logger("gridlens.access")
