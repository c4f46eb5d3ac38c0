"""Read-side queries: the database ranks and sums, these functions shape the answers."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.egrid.states import STATES
from gridlens.plants.errors import PlantNotFound
from gridlens.plants.locations import locations_of
from gridlens.plants.schemas import (
    Generator,
    LoadedYear,
    PlantDetail,
    States,
    StateTotal,
    TopPlant,
    TopPlants,
    Years,
)

Plant = tables.Plant


def loaded_years(session: Session) -> Years:
    """Every loaded year, newest first."""
    datasets = session.scalars(select(tables.Dataset).order_by(tables.Dataset.year.desc())).all()
    years = [LoadedYear.model_validate(dataset) for dataset in datasets]
    return Years(years=years, latest=years[0].year if years else None)


# plant_id, name, state, net_generation_mwh, nameplate_mw, generators, primary_fuel
Ranked = Select[int, str, str, float | None, float | None, int, str | None]


def top_plants_statement(year: int, state: str | None, n: int) -> Ranked:
    """The ranking query: an index walk on ix_plants_year_state_rank or ix_plants_year_rank."""
    scope = [Plant.year == year] if state is None else [Plant.year == year, Plant.state == state]
    return (
        select(
            Plant.plant_id,
            Plant.name,
            Plant.state,
            Plant.net_generation_mwh,
            Plant.nameplate_mw,
            Plant.generators,
            Plant.primary_fuel,
        )
        .where(*scope, Plant.net_generation_mwh.is_not(None))
        # Exactly the index order: DESC (NULLS FIRST on PostgreSQL, as the index), then plant_id.
        .order_by(Plant.net_generation_mwh.desc(), Plant.plant_id)
        .limit(n)
    )


def generation_totals(session: Session, year: int) -> dict[str | None, float]:
    """Known net generation of every plant in year, by state and (under None) nationally.

    A scan of the year, so callers keep it per data version rather than ask per request.
    """
    by_state = session.execute(
        select(Plant.state, func.coalesce(func.sum(Plant.net_generation_mwh), 0.0))
        .where(Plant.year == year)
        .group_by(Plant.state)
    ).all()
    nation = session.scalar(
        select(func.coalesce(func.sum(Plant.net_generation_mwh), 0.0)).where(Plant.year == year)
    )
    totals: dict[str | None, float] = {state: float(total or 0.0) for state, total in by_state}
    totals[None] = float(nation or 0.0)
    return totals


def top_plants(
    session: Session, *, year: int, state: str | None, n: int, total: float
) -> TopPlants:
    """The n plants with the most net generation in state (all states when None).

    total is the scope's known generation (generation_totals), read from the same data version.
    """
    rows = session.execute(top_plants_statement(year, state, n)).all()
    where = locations_of(session, (row.plant_id for row in rows))
    plants = [
        TopPlant(
            rank=rank,
            plant_id=row.plant_id,
            name=row.name,
            state=row.state,
            net_generation_mwh=row.net_generation_mwh,
            nameplate_mw=row.nameplate_mw,
            generators=row.generators,
            primary_fuel=row.primary_fuel,
            # A share of a zero or negative total means nothing.
            share=row.net_generation_mwh / total if total > 0 else None,
            location=where.get(row.plant_id),
        )
        for rank, row in enumerate(rows, start=1)
    ]
    return TopPlants(year=year, state=state, total_net_generation_mwh=total, plants=plants)


def state_totals(session: Session, year: int) -> States:
    """Each state with plants in year: plant count and total known net generation."""
    rows = session.execute(
        select(
            Plant.state,
            func.count().label("plants"),
            func.coalesce(func.sum(Plant.net_generation_mwh), 0.0).label("net_generation_mwh"),
        )
        .where(Plant.year == year)
        .group_by(Plant.state)
        .order_by(Plant.state)
    ).all()
    states = [
        StateTotal(
            code=row.state,
            # The loader admits only known codes; the code itself beats failing the whole list.
            name=STATES.get(row.state, row.state),
            plants=row.plants,
            net_generation_mwh=row.net_generation_mwh,
        )
        for row in rows
    ]
    return States(year=year, states=states)


def plant_detail(session: Session, plant_id: int, year: int) -> PlantDetail:
    """A plant in year with its generator rows in file order."""
    plant = session.get(Plant, (year, plant_id))
    if plant is None:
        other_years = session.scalars(
            select(Plant.year).where(Plant.plant_id == plant_id).order_by(Plant.year)
        ).all()
        raise PlantNotFound(plant_id, year, other_years)
    generators = session.scalars(
        select(tables.Generator)
        .where(tables.Generator.year == year, tables.Generator.plant_id == plant_id)
        .order_by(tables.Generator.line)
    ).all()
    return PlantDetail(
        year=plant.year,
        plant_id=plant.plant_id,
        name=plant.name,
        state=plant.state,
        net_generation_mwh=plant.net_generation_mwh,
        nameplate_mw=plant.nameplate_mw,
        generator_count=plant.generators,
        primary_fuel=plant.primary_fuel,
        generators=[Generator.model_validate(generator) for generator in generators],
        location=locations_of(session, [plant_id]).get(plant_id),
    )
