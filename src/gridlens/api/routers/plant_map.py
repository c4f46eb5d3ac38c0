"""The plant map: a scope's ranked plants as GeoJSON points, cached like the rest of the read side.

Registered before the plants router, so /plants/map is not taken for a plant_id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from gridlens.api.cache import Read
from gridlens.api.deps import YearQuery
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.api.routers.plants import NO_YEAR, NOT_MODIFIED, FuelQuery, respond
from gridlens.plants.geojson import PlantMap
from gridlens.plants.plant_map import plant_map
from gridlens.plants.schemas import StateCode

router = APIRouter(prefix=API_V1, tags=["plants"])

MAX_POINTS = 5_000


@router.get(
    "/plants/map",
    summary="Top plants as GeoJSON points",
    response_model=PlantMap,
    responses={
        **NOT_MODIFIED,
        **documented({404: NO_YEAR, 422: "Invalid state, limit, year or fuel"}),
    },
)
async def get_plant_map(
    request: Request,
    year: YearQuery = None,
    state: Annotated[
        StateCode | None,
        Query(description="Two-letter state code, any case; all states when omitted"),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_POINTS, description=f"How many plants (1-{MAX_POINTS:,})")
    ] = 500,
    fuel: FuelQuery = None,
) -> Response:
    """The limit largest plants of the scope, ranked as /plants/top; a plant without a location
    is a feature whose geometry is null."""

    def build(read: Read) -> bytes:
        resolved = read.version.resolve_year(year)
        return plant_map(read, year=resolved, state=state, limit=limit, fuel=fuel)

    return await respond(request, ("map", year, state, limit, fuel), build, one_statement=True)
