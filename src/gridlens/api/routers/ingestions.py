"""Ingestion run records: what each load read, loaded, rejected and how it ended."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status
from pydantic import BaseModel, Field

from gridlens.api.actors import actor
from gridlens.api.deps import MAX_INT4, SessionDep, SettingsDep
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.auth.guards import AdminPrincipal
from gridlens.ingest import queue
from gridlens.runs import queries
from gridlens.runs.schemas import Ingestion, Ingestions

router = APIRouter(prefix=f"{API_V1}/ingestions", tags=["ingestions"])


@router.get(
    "", summary="Ingestion runs, newest first", responses=documented({422: "Invalid paging"})
)
def list_ingestions(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Runs per page (1-500)")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT4, description="Runs to skip")] = 0,
) -> Ingestions:
    """A page of run records, newest first."""
    return queries.list_ingestions(session, limit=limit, offset=offset)


@router.get(
    "/{ingestion_id}",
    summary="One ingestion run",
    responses=documented({404: "No such run", 422: "Invalid run ID"}),
)
def get_ingestion(
    session: SessionDep,
    ingestion_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="Run ID")],
) -> Ingestion:
    """One run record with its first rejects and warnings."""
    return queries.get_ingestion(session, ingestion_id)


class IngestionRequest(BaseModel):
    """Which store object to load; none means every CSV not ingested yet."""

    key: str | None = Field(default=None, min_length=1, max_length=1024)
    force: bool = Field(  # strict: "yes" or 1 are not JSON's true, whatever lax pydantic says
        default=False, description="Replace a year even with >10% fewer rows", strict=True
    )


class Queued(BaseModel):
    id: int | None = Field(description="The run queued for `key` (the first, for {})")
    ids: list[int]


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue an ingestion (admin)",
    responses=documented(
        {
            403: "Not an admin",
            404: "No such object in the store",
            422: "Invalid key",
            503: "Object store unreachable",
        }
    ),
)
def queue_ingestion(
    request: Request, body: IngestionRequest, settings: SettingsDep, principal: AdminPrincipal
) -> Queued:
    """Queue the key's file (or every new CSV) for a worker; poll GET /ingestions/{id}."""
    by = actor(request, principal)
    ids = queue.request(settings, body.key, force=body.force, by=by)
    return Queued(id=ids[0] if ids else None, ids=ids)
