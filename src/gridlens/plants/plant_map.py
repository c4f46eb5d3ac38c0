"""The plant map of a scope: its ranked plants, each with its point (or none), as GeoJSON."""

from __future__ import annotations

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.egrid.fuels import FuelCategory
from gridlens.plants.queries import top_plants_statement

PlantLocation = tables.PlantLocation


def plant_map(
    session: Session,
    *,
    year: int,
    state: str | None,
    limit: int,
    fuel: FuelCategory | None = None,
) -> bytes:
    """The top limit plants of the scope (a state or the nation, one fuel category or all),
    ranked as /plants/top, each with its point or none: a geojson.PlantMap as JSON."""
    # The ranking's own index walk, then one primary-key probe per ranked plant.
    top = top_plants_statement(year, state, limit, fuel).subquery()
    statement = (
        select(
            top.c.plant_id,
            top.c.name,
            top.c.state,
            top.c.net_generation_kwh,
            top.c.primary_fuel,
            top.c.fuel_category,
            PlantLocation.latitude,
            PlantLocation.longitude,
            PlantLocation.city,
            PlantLocation.county,
        )
        .outerjoin(PlantLocation, PlantLocation.plant_id == top.c.plant_id)
        .order_by(top.c.net_generation_kwh.desc(), top.c.plant_id)
    )
    # Plain tuples from the connection (no ORM rows) into plain dicts in the shape of
    # geojson.PlantMap (the API's schema, checked by the tests), encoded by orjson: for 5,000
    # features, models, named row attributes and the json module each cost more than the query.
    rows = session.connection().execute(statement).all()
    features = [
        {
            "type": "Feature",
            "id": plant_id,
            "geometry": None
            if latitude is None
            else {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "rank": rank,
                "plant_id": plant_id,
                "name": name,
                "state": plant_state,
                "fuel": primary_fuel,
                "fuel_category": fuel_category,
                "net_generation_mwh": net_generation_kwh / 1000,
                "city": city,
                "county": county,
            },
        }
        for rank, (
            plant_id,
            name,
            plant_state,
            net_generation_kwh,
            primary_fuel,
            fuel_category,
            latitude,
            longitude,
            city,
            county,
        ) in enumerate(rows, start=1)
    ]
    located = sum(feature["geometry"] is not None for feature in features)
    collection = {
        "type": "FeatureCollection",
        "year": year,
        "state": state,
        "fuel": fuel.value if fuel else None,
        "located": located,
        "features": features,
    }
    return orjson.dumps(collection)
