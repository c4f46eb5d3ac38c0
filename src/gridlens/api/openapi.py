"""The OpenAPI document as the API really answers: every error body is a Problem."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gridlens.api.problems import MEDIA_TYPE, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# What FastAPI documents for 422 by default; the handlers answer a Problem instead.
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, its default 422 bodies replaced by the Problem every error returns."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                responses = operation.get("responses", {})
                invalid = responses.get("422")
                if invalid and "application/json" in invalid.get("content", {}):
                    invalid["content"] = {MEDIA_TYPE: {"schema": PROBLEM_REF}}
                if "requestBody" in operation:
                    # A body that cannot be parsed at all (bad JSON, wrong media type).
                    responses.setdefault(
                        "400",
                        {
                            "description": "Unreadable request body",
                            "content": {MEDIA_TYPE: {"schema": PROBLEM_REF}},
                        },
                    )
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name in FASTAPI_VALIDATION:
            components.pop(name, None)
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        app.openapi_schema = schema
    return app.openapi_schema
