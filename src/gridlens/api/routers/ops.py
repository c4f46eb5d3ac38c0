"""For operators and orchestrators: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import Response

from gridlens import metrics
from gridlens.api.health_metrics import HealthCollector
from gridlens.api.problems import documented
from gridlens.api.readiness import Readiness

router = APIRouter(tags=["ops"])


class Alive(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, str]


@router.get("/healthz", summary="The process is alive")
async def healthz() -> Alive:
    """Always 200 while the process can answer; touches nothing else (not even a thread)."""
    return Alive()


@router.get(
    "/readyz",
    summary="The database and the object store answer",
    responses=documented({503: "A dependency is unreachable; the problem names it"}),
)
def readyz(request: Request) -> Ready:
    """200 when the database answers SELECT 1 and the store its check, else 503."""
    readiness: Readiness = request.app.state.readiness
    return Ready(checks=readiness.check())


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {metrics.CONTENT_TYPE: {}}, "description": "Text exposition"}},
)
def prometheus_metrics(request: Request) -> Response:
    """Requests, ingestion runs, readiness and the run backlog, in the Prometheus text format."""
    health = HealthCollector(request.app.state.readiness)
    return Response(metrics.exposition(health), media_type=metrics.CONTENT_TYPE)
