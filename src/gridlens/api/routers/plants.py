"""Plants ranked by net generation, one plant's generators, state totals and loaded years.

Each answer comes from the response cache while the data version holds (api.cache): with an
ETag, so a client that sends it back with If-None-Match gets a 304 until an ingestion commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from gridlens.api.cache import Compute, Read, ResponseCache
from gridlens.api.deps import MAX_INT4, YearQuery
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.plants import queries
from gridlens.plants.schemas import PlantDetail, StateCode, States, TopPlants, Years

router = APIRouter(prefix=API_V1, tags=["plants"])

NO_YEAR = "No data loaded, or not for that year"


def respond(request: Request, key: Hashable, compute: Compute) -> Awaitable[Response]:
    """The answer from this app's response cache (a plain call: a dependency costs more)."""
    cache: ResponseCache = request.app.state.responses
    return cache.respond(request, key, compute)


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Unchanged since the ETag sent in If-None-Match"}
}


@router.get(
    "/plants/top",
    summary="Top plants by net generation",
    response_model=TopPlants,
    responses={**NOT_MODIFIED, **documented({404: NO_YEAR, 422: "Invalid state, n or year"})},
)
async def top_plants(
    request: Request,
    year: YearQuery = None,
    n: Annotated[int, Query(ge=1, le=1000, description="How many plants (1-1000)")] = 10,
    state: Annotated[
        StateCode | None,
        Query(
            description="A state's two-letter code (lower case is read as upper); "
            "all states when omitted"
        ),
    ] = None,
) -> Response:
    """The n plants with the most net generation; plants with unknown generation are not ranked."""

    def top(read: Read) -> TopPlants:
        resolved = read.version.resolve_year(year)
        totals = read.memo(
            ("totals", resolved), lambda: queries.generation_totals(read.session, resolved)
        )
        return queries.top_plants(
            read.session, year=resolved, state=state, n=n, total=totals.get(state, 0.0)
        )

    return await respond(request, ("top", year, n, state), top)


@router.get(
    "/plants/{plant_id}",
    summary="One plant and its generators",
    response_model=PlantDetail,
    responses={
        **NOT_MODIFIED,
        **documented({404: "No such plant in that year", 422: "Invalid plant ID or year"}),
    },
)
async def get_plant(
    request: Request,
    plant_id: Annotated[int, Path(ge=1, le=MAX_INT4, description="EIA ORISPL code")],
    year: YearQuery = None,
) -> Response:
    """A plant in a year with its generator rows in file order."""

    def detail(read: Read) -> PlantDetail:
        return queries.plant_detail(read.session, plant_id, read.version.resolve_year(year))

    return await respond(request, ("plant", plant_id, year), detail)


@router.get(
    "/states",
    summary="Each state's total net generation",
    response_model=States,
    responses={**NOT_MODIFIED, **documented({404: NO_YEAR, 422: "Invalid year"})},
)
async def list_states(request: Request, year: YearQuery = None) -> Response:
    """States with plants in a year, by code, with plant counts and known generation totals."""

    def states(read: Read) -> States:
        return queries.state_totals(read.session, read.version.resolve_year(year))

    return await respond(request, ("states", year), states)


@router.get("/years", summary="Loaded eGRID years", response_model=Years, responses=NOT_MODIFIED)
async def list_years(request: Request) -> Response:
    """Every loaded year, newest first, with the file each came from."""

    def years(read: Read) -> Years:
        return queries.loaded_years(read.session)

    return await respond(request, ("years",), years)
