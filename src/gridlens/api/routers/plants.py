"""Plants ranked by net generation, one plant's generators, state totals and loaded years."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from gridlens.api.deps import MAX_INT4, SessionDep, YearQuery
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.plants import queries
from gridlens.plants.schemas import PlantDetail, StateCode, States, TopPlants, Years

router = APIRouter(prefix=API_V1, tags=["plants"])

NO_YEAR = "No data loaded, or not for that year"


@router.get(
    "/plants/top",
    summary="Top plants by net generation",
    responses=documented({404: NO_YEAR, 422: "Invalid state, n or year"}),
)
def top_plants(
    session: SessionDep,
    year: YearQuery = None,
    n: Annotated[int, Query(ge=1, le=1000, description="How many plants (1-1000)")] = 10,
    state: Annotated[
        StateCode | None,
        Query(description="Two-letter state code, any case; all states when omitted"),
    ] = None,
) -> TopPlants:
    """The n plants with the most net generation; plants with unknown generation are not ranked."""
    resolved = queries.resolve_year(session, year)
    return queries.top_plants(session, year=resolved, state=state, n=n)


@router.get(
    "/plants/{plant_id}",
    summary="One plant and its generators",
    responses=documented({404: "No such plant in that year", 422: "Invalid plant ID or year"}),
)
def get_plant(
    session: SessionDep,
    plant_id: Annotated[int, Path(ge=1, le=MAX_INT4, description="EIA ORISPL code")],
    year: YearQuery = None,
) -> PlantDetail:
    """A plant in a year with its generator rows in file order."""
    resolved = queries.resolve_year(session, year)
    return queries.plant_detail(session, plant_id, resolved)


@router.get(
    "/states",
    summary="Each state's total net generation",
    responses=documented({404: NO_YEAR, 422: "Invalid year"}),
)
def list_states(session: SessionDep, year: YearQuery = None) -> States:
    """States with plants in a year, by code, with plant counts and known generation totals."""
    return queries.state_totals(session, queries.resolve_year(session, year))


@router.get("/years", summary="Loaded eGRID years")
def list_years(session: SessionDep) -> Years:
    """Every loaded year, newest first, with the file each came from."""
    return queries.loaded_years(session)
