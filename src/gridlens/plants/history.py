"""Every loaded year side by side: a state's totals by fuel, one plant's years and ranks.

Both read what ingestion derived (state_fuel_totals, the ranks on plants): a few rows per year.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.egrid.fuels import FuelCategory
from gridlens.plants.errors import PlantNotInAnyYear
from gridlens.plants.schemas import (
    FuelTotal,
    PlantHistory,
    PlantYear,
    StateHistory,
    StateYear,
    mwh,
)

Plant = tables.Plant
Totals = tables.StateFuelTotal


def state_history(
    session: Session, state: str, years: list[int], fuel: FuelCategory | None = None
) -> StateHistory:
    """state's (US: the nation's) plants and generation in each of years, oldest first."""
    statement = select(Totals).where(Totals.state == state)
    if fuel is not None:
        statement = statement.where(Totals.fuel_category == fuel.value)
    by_year: dict[int, list[tables.StateFuelTotal]] = defaultdict(list)
    for total in session.scalars(statement):
        by_year[total.year].append(total)
    history = []
    for year in sorted(years):
        fuels = sorted(by_year[year], key=lambda t: (-t.net_generation_kwh, t.fuel_category))
        history.append(
            StateYear(
                year=year,
                plants=sum(t.plants for t in fuels),
                net_generation_mwh=sum(t.net_generation_kwh for t in fuels) / 1000,
                by_fuel=[
                    FuelTotal(
                        fuel=FuelCategory(t.fuel_category),
                        plants=t.plants,
                        net_generation_mwh=t.net_generation_kwh / 1000,
                    )
                    for t in fuels
                ],
            )
        )
    return StateHistory(state=state, fuel=fuel, years=history)


def plant_history(session: Session, plant_id: int) -> PlantHistory:
    """The plant in each loaded year it appears in, oldest first; PlantNotInAnyYear otherwise."""
    plants = session.scalars(
        select(Plant).where(Plant.plant_id == plant_id).order_by(Plant.year)
    ).all()
    if not plants:
        raise PlantNotInAnyYear(plant_id)
    return PlantHistory(
        plant_id=plant_id,
        name=plants[-1].name,
        years=[
            PlantYear(
                year=plant.year,
                name=plant.name,
                state=plant.state,
                net_generation_mwh=mwh(plant.net_generation_kwh),
                nameplate_mw=plant.nameplate_mw,
                primary_fuel=plant.primary_fuel,
                fuel_category=FuelCategory(plant.fuel_category) if plant.fuel_category else None,
                rank_in_state=plant.rank_in_state,
                rank_in_nation=plant.rank_in_nation,
            )
            for plant in plants
        ],
    )
