"""The plant map of a scope: its ranked plants, each with its point (or none), as GeoJSON."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.plants.geojson import MapFeature, MapPlant, PlantMap, Point
from gridlens.plants.queries import top_plants_statement

PlantLocation = tables.PlantLocation


def plant_map(session: Session, *, year: int, state: str | None, limit: int) -> PlantMap:
    """The top limit plants of the scope, ranked as /plants/top, each with its point or none."""
    # The ranking's own index walk, then one primary-key probe per ranked plant.
    top = top_plants_statement(year, state, limit).subquery()
    rows = session.execute(
        select(
            top.c.plant_id,
            top.c.name,
            top.c.state,
            top.c.net_generation_mwh,
            top.c.primary_fuel,
            PlantLocation.latitude,
            PlantLocation.longitude,
            PlantLocation.city,
            PlantLocation.county,
        )
        .outerjoin(PlantLocation, PlantLocation.plant_id == top.c.plant_id)
        .order_by(top.c.net_generation_mwh.desc(), top.c.plant_id)
    ).all()
    features = [
        MapFeature(
            id=row.plant_id,
            geometry=None
            if row.latitude is None
            else Point(coordinates=(row.longitude, row.latitude)),
            properties=MapPlant(
                rank=rank,
                plant_id=row.plant_id,
                name=row.name,
                state=row.state,
                fuel=row.primary_fuel,
                net_generation_mwh=row.net_generation_mwh,
                city=row.city,
                county=row.county,
            ),
        )
        for rank, row in enumerate(rows, start=1)
    ]
    located = sum(feature.geometry is not None for feature in features)
    return PlantMap(year=year, state=state, located=located, features=features)
