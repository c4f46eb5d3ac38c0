"""Read-side queries: the database ranks and sums, these functions shape the answers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Dialect, Integer, Select, and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from gridlens.db import tables
from gridlens.egrid.fuels import FuelCategory
from gridlens.egrid.states import STATES
from gridlens.plants.errors import PlantNotFound
from gridlens.plants.locations import locations_of
from gridlens.plants.reads import Rows
from gridlens.plants.schemas import (
    NATION,
    Generator,
    LoadedYear,
    PlantDetail,
    States,
    StateTotal,
    Years,
    mwh,
)

Plant = tables.Plant
Totals = tables.StateFuelTotal
Located = tables.PlantLocation
# (state or None for the nation, fuel category or None for all) -> known generation in kWh
ScopeTotals = dict[tuple[str | None, str | None], int]


def loaded_years(session: Session) -> Years:
    """Every loaded year, newest first."""
    datasets = session.scalars(select(tables.Dataset).order_by(tables.Dataset.year.desc())).all()
    years = [LoadedYear.model_validate(dataset) for dataset in datasets]
    return Years(years=years, latest=years[0].year if years else None)


# plant_id, name, state, net_generation_kwh, nameplate_mw, generators, primary_fuel, category
Ranked = Select[int, str, str, int | None, float | None, int, str | None, str | None]


def _ranking(by_state: bool, by_fuel: bool) -> Ranked:
    """The ranking query of one shape, its values bound at execution (year, state, fuel, n): an
    index walk on ix_plants_year_[state_][fuel_]rank."""
    scope = [Plant.year == bindparam("year")]
    if by_state:
        scope.append(Plant.state == bindparam("state"))
    if by_fuel:
        scope.append(Plant.fuel_category == bindparam("fuel"))
    return (
        select(
            Plant.plant_id,
            Plant.name,
            Plant.state,
            Plant.net_generation_kwh,
            Plant.nameplate_mw,
            Plant.generators,
            Plant.primary_fuel,
            Plant.fuel_category,
        )
        .where(*scope, Plant.net_generation_kwh.is_not(None))
        # Exactly the index order: DESC (NULLS FIRST on PostgreSQL, as the index), then plant_id.
        .order_by(Plant.net_generation_kwh.desc(), Plant.plant_id)
        .limit(bindparam("n", type_=Integer))
    )


def _values(
    year: int, state: str | None, n: int, fuel: FuelCategory | None, before: int | None = None
) -> dict[str, Any]:
    values: dict[str, Any] = {"year": year, "n": n}
    if state is not None:
        values["state"] = state
    if fuel is not None:
        values["fuel"] = fuel.value
    if before is not None:
        values["before"] = before
    return values


def top_plants_statement(
    year: int, state: str | None, n: int, fuel: FuelCategory | None = None
) -> Ranked:
    """The ranking query with its values (to EXPLAIN it, or run it alone)."""
    return _ranking(state is not None, fuel is not None).params(_values(year, state, n, fuel))


def generation_totals(session: Session, year: int) -> ScopeTotals:
    """Known net generation in year by (state or None, fuel category or None), in kWh: a read of
    the year's totals kept at ingestion (state_fuel_totals)."""
    totals: ScopeTotals = {}
    for state, fuel, kwh in session.execute(
        select(Totals.state, Totals.fuel_category, Totals.net_generation_kwh).where(
            Totals.year == year
        )
    ):
        place = None if state == NATION else state
        for key in ((place, fuel), (place, None)):
            totals[key] = totals.get(key, 0) + int(kwh)
    return totals


def previous_year(years: list[int], year: int) -> int | None:
    """The nearest loaded year before year."""
    return max((y for y in years if y < year), default=None)


def _rank_column(by_state: bool, by_fuel: bool) -> Any:
    if not by_state:
        return Plant.rank_in_nation_fuel if by_fuel else Plant.rank_in_nation
    return Plant.rank_in_state_fuel if by_fuel else Plant.rank_in_state


@lru_cache(maxsize=8)
def _statement(by_state: bool, by_fuel: bool, previous: bool) -> Select[Any]:
    """The answer's statement of one shape, built once per process: building it costs more than
    the database takes to answer it, and its text is the same for every question of the shape
    (so psycopg prepares it)."""
    ranked = _ranking(by_state, by_fuel)
    joined = _join_previous(ranked, bindparam("before"), by_state, by_fuel) if previous else None
    return _join_location(ranked, joined)


@lru_cache(maxsize=16)
def _compiled(
    dialect: Dialect, by_state: bool, by_fuel: bool, previous: bool
) -> tuple[str, tuple[str, ...]]:
    """_statement's SQL for psycopg and the names of its parameters, compiled once per shape."""
    compiled = _statement(by_state, by_fuel, previous).compile(dialect=dialect)
    return str(compiled), tuple(compiled.params)


def _join_location(ranked: Ranked, joined: Select[Any] | None) -> Select[Any]:
    """The answer's statement with each ranked plant's location last (lat, lon, city, county):
    one primary-key probe of plant_locations per ranked plant, in the same round trip."""
    plant_id: ColumnElement[Any]
    if joined is None:
        top = ranked.subquery("top")
        joined = select(top).order_by(top.c.net_generation_kwh.desc(), top.c.plant_id)
        plant_id = top.c.plant_id
    else:
        plant_id = joined.selected_columns.plant_id
    return joined.add_columns(
        Located.latitude, Located.longitude, Located.city, Located.county
    ).outerjoin(Located, Located.plant_id == plant_id)


def with_previous(
    ranked: Ranked, before: int, state: str | None, fuel: FuelCategory | None
) -> Select[Any]:
    """The ranking query with each plant's rank and generation in the same scope in year
    before: one key lookup per ranked plant (plants' primary key), in the same round trip."""
    return _join_previous(ranked, before, state is not None, fuel is not None)


def _join_previous(ranked: Ranked, before: Any, by_state: bool, by_fuel: bool) -> Select[Any]:
    top = ranked.subquery("top")
    past = aliased(Plant, name="past")
    rank = getattr(past, _rank_column(by_state, by_fuel).key)
    joined = [past.year == before, past.plant_id == top.c.plant_id, rank.is_not(None)]
    if by_state:
        joined.append(past.state == top.c.state)
    if by_fuel:
        joined.append(past.fuel_category == top.c.fuel_category)
    return (
        select(top, rank.label("previous_rank"), past.net_generation_kwh.label("previous_kwh"))
        .outerjoin(past, and_(*joined))
        .order_by(top.c.net_generation_kwh.desc(), top.c.plant_id)
    )


def top_plants_json(
    source: Rows,
    *,
    year: int,
    state: str | None,
    n: int,
    total_kwh: int,
    fuel: FuelCategory | None = None,
    before: int | None = None,
) -> bytes:
    """The n plants with the most net generation in state (all states when None), of one fuel
    category or all, each with its rank in the same scope in the year before (when loaded): the
    JSON of TopPlants, encoded straight from the rows (validating each row as a model cost more
    than the query).

    total_kwh is the scope's known generation (generation_totals), from the same data version.
    """
    values = _values(year, state, n, fuel, before)
    dialect = source.dialect
    rows: Iterable[Any]
    if dialect.driver == "psycopg":
        sql, names = _compiled(dialect, state is not None, fuel is not None, before is not None)
        rows = source.pg_rows(sql, {name: values[name] for name in names})
    else:
        statement = _statement(state is not None, fuel is not None, before is not None)
        rows = source.session.connection().execute(statement, values)
    plants = [_plant_json(rank, row, total_kwh, before) for rank, row in enumerate(rows, start=1)]
    return orjson.dumps(
        {
            "year": year,
            "state": state,
            "fuel": fuel.value if fuel else None,
            "previous_year": before,
            "total_net_generation_mwh": total_kwh / 1000,
            "plants": plants,
        }
    )


def _plant_json(rank: int, row: Any, total_kwh: int, before: int | None) -> dict[str, Any]:
    """One ranked row as TopPlant's JSON object (the same fields, in the same order)."""
    kwh = row[3]
    return {
        "rank": rank,
        "plant_id": row[0],
        "name": row[1],
        "state": row[2],
        "net_generation_mwh": kwh / 1000,
        "nameplate_mw": row[4],
        "generators": row[5],
        "primary_fuel": row[6],
        # A share of a zero or negative total means nothing.
        "share": kwh / total_kwh if total_kwh > 0 else None,
        "fuel_category": row[7],
        "previous": None
        if before is None or row[8] is None
        else {"year": before, "rank": row[8], "net_generation_mwh": row[9] / 1000},
        # The location's columns come last (_join_location); no latitude, no location.
        "location": None
        if row[-4] is None
        else {"lat": row[-4], "lon": row[-3], "city": row[-2], "county": row[-1]},
    }


def state_totals(session: Session, year: int) -> States:
    """Each state with plants in year: plant count and total known net generation."""
    rows = session.execute(
        select(
            Plant.state,
            func.count().label("plants"),
            func.coalesce(func.sum(Plant.net_generation_kwh), 0).label("net_generation_kwh"),
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
            net_generation_mwh=int(row.net_generation_kwh) / 1000,
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
        net_generation_mwh=mwh(plant.net_generation_kwh),
        nameplate_mw=plant.nameplate_mw,
        generator_count=plant.generators,
        primary_fuel=plant.primary_fuel,
        generators=[Generator.of(generator) for generator in generators],
        location=locations_of(session, [plant_id]).get(plant_id),
    )
