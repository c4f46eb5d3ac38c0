"""Plants ranked by net generation (one fuel or all, with last year's ranks), a plant's
generators and history, search, state totals and histories, fuels and loaded years.

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
from gridlens.egrid.fuels import FuelCategory
from gridlens.plants import history, queries, search
from gridlens.plants.catalog import fuel_table
from gridlens.plants.schemas import (
    Fuels,
    PlaceCode,
    PlantDetail,
    PlantHistory,
    PlantSearch,
    StateCode,
    StateHistory,
    States,
    TopPlants,
    Years,
)

router = APIRouter(prefix=API_V1, tags=["plants"])

NO_YEAR = "No data loaded, or not for that year"
FuelQuery = Annotated[
    FuelCategory | None,
    Query(description="Only plants whose primary fuel is of this category (GET /api/v1/fuels)"),
]


def respond(
    request: Request, key: Hashable, compute: Compute, *, one_statement: bool = False
) -> Awaitable[Response]:
    """The answer from this app's response cache (a plain call: a dependency costs more)."""
    cache: ResponseCache = request.app.state.responses
    return cache.respond(request, key, compute, one_statement=one_statement)


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Unchanged since the ETag sent in If-None-Match"}
}


@router.get(
    "/plants/top",
    summary="Top plants by net generation",
    response_model=TopPlants,
    responses={
        **NOT_MODIFIED,
        **documented({404: NO_YEAR, 422: "Invalid state, n, year or fuel"}),
    },
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
    fuel: FuelQuery = None,
) -> Response:
    """The n plants with the most net generation; plants with unknown generation are not ranked.
    Each carries its rank in the same scope in the previous loaded year."""

    def top(read: Read) -> bytes:
        resolved = read.version.resolve_year(year)
        totals = read.memo(
            ("totals", resolved), lambda: queries.generation_totals(read.session, resolved)
        )
        return queries.top_plants_json(
            read,
            year=resolved,
            state=state,
            n=n,
            fuel=fuel,
            total_kwh=totals.get((state, fuel.value if fuel else None), 0),
            before=queries.previous_year(read.version.years, resolved),
        )

    return await respond(request, ("top", year, n, state, fuel), top, one_statement=True)


@router.get(
    "/plants",
    summary="Find plants by name or ID",
    response_model=PlantSearch,
    responses={**NOT_MODIFIED, **documented({404: NO_YEAR, 422: "Invalid q, year or limit"})},
)
async def search_plants(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=search.MIN_CHARS,
            max_length=100,
            pattern=r"^[^\x00-\x1f]*$",
            description="Part of the plant's name (any case, any accents), or its plant ID; "
            "no control characters",
        ),
    ],
    year: YearQuery = None,
    limit: Annotated[int, Query(ge=1, le=100, description="How many plants (1-100)")] = 20,
) -> Response:
    """Plants whose name contains q or whose ID equals it, largest net generation first."""

    def found(read: Read) -> PlantSearch:
        resolved = read.version.resolve_year(year)
        return search.search_plants(read.session, q=q, year=resolved, limit=limit)

    return await respond(request, ("search", q.strip(), year, limit), found)


@router.get(
    "/plants/{plant_id}/history",
    summary="One plant in every loaded year",
    response_model=PlantHistory,
    responses={
        **NOT_MODIFIED,
        **documented({404: "No such plant in any loaded year", 422: "Invalid plant ID"}),
    },
)
async def plant_history(
    request: Request,
    plant_id: Annotated[int, Path(ge=1, le=MAX_INT4, description="EIA ORISPL code")],
) -> Response:
    """The plant's name, state, generation and ranks in each loaded year it appears in."""

    def years(read: Read) -> PlantHistory:
        read.version.resolve_year(None)  # nothing loaded is its own problem
        return history.plant_history(read.session, plant_id)

    return await respond(request, ("plant-history", plant_id), years)


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


@router.get(
    "/states/{code}/history",
    summary="A state's (or the nation's) generation by fuel in every loaded year",
    response_model=StateHistory,
    responses={**NOT_MODIFIED, **documented({404: NO_YEAR, 422: "Invalid state code or fuel"})},
)
async def state_history(
    request: Request,
    code: Annotated[
        PlaceCode, Path(description="Two-letter state code, or US for the nation; any case")
    ],
    fuel: FuelQuery = None,
) -> Response:
    """Every loaded year, oldest first: plants, known net generation and its fuel breakdown."""

    def years(read: Read) -> StateHistory:
        read.version.resolve_year(None)
        return history.state_history(read.session, code, read.version.years, fuel)

    return await respond(request, ("state-history", code, fuel), years)


@router.get(
    "/fuels", summary="Fuel categories and codes", response_model=Fuels, responses=NOT_MODIFIED
)
async def list_fuels(request: Request) -> Response:
    """The fuel categories the fuel filters take, and every EPA fuel code with its label."""
    return await respond(request, ("fuels",), lambda read: fuel_table())


@router.get("/years", summary="Loaded eGRID years", response_model=Years, responses=NOT_MODIFIED)
async def list_years(request: Request) -> Response:
    """Every loaded year, newest first, with the file each came from."""

    def years(read: Read) -> Years:
        return queries.loaded_years(read.session)

    return await respond(request, ("years",), years)
