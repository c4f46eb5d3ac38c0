"""RFC 9457 problem details: the body every error answers with, rendered by orjson."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response

from gridlens.outcomes import ErrorCode

MEDIA_TYPE = "application/problem+json"


class InvalidParam(BaseModel):
    """One request parameter that failed validation."""

    in_: str = Field(alias="in", description="query, path, header or body")
    name: str
    detail: str


class Problem(BaseModel):
    """An error (RFC 9457): what went wrong and what to do about it."""

    type: str = Field(description="Problem type: a relative URI naming the kind of failure")
    title: str
    status: int
    detail: str | None = Field(default=None, description="What happened and what to do next")
    instance: str | None = Field(default=None, description="The request path that failed")
    errors: list[InvalidParam] | None = Field(
        default=None, description="Each invalid parameter (422 only)"
    )
    checks: dict[str, str] | None = Field(
        default=None, description="Each dependency's state (readiness only)"
    )
    error_code: ErrorCode | None = Field(
        default=None,
        description="Why an upload was refused, as the code an ingestion run of the same file "
        "records (uploads only); act on it, not on the words of `detail`",
    )


class ProblemResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    """A problem response; without a slug its type is about:blank and its title the HTTP phrase."""
    body: dict[str, Any] = {
        "type": f"/problems/{slug}" if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body.update(extensions)
    return ProblemResponse(body, status_code=status, headers=headers)


def documented(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a route: each status answers problem+json, described."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": text, "content": {MEDIA_TYPE: {"schema": schema}}}
        for status, text in descriptions.items()
    }
