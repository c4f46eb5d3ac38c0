"""The plant map of a scope: its ranked plants, each with its point (or none), as GeoJSON."""

from __future__ import annotations

import json

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
    rows = session.execute(
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
    ).all()
    # Plain dicts in the shape of geojson.PlantMap (the API's schema, checked by the tests): 5,000
    # features built as models would cost several times the query.
    features = [
        {
            "type": "Feature",
            "id": row.plant_id,
            "geometry": None
            if row.latitude is None
            else {"type": "Point", "coordinates": [row.longitude, row.latitude]},
            "properties": {
                "rank": rank,
                "plant_id": row.plant_id,
                "name": row.name,
                "state": row.state,
                "fuel": row.primary_fuel,
                "fuel_category": row.fuel_category,
                "net_generation_mwh": row.net_generation_kwh / 1000,
                "city": row.city,
                "county": row.county,
            },
        }
        for rank, row in enumerate(rows, start=1)
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
    return json.dumps(collection, separators=(",", ":"), allow_nan=False).encode()
