"""Where plants are: the stored EIA location of each plant asked for."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.plants.schemas import Location

PlantLocation = tables.PlantLocation


def locations_of(session: Session, plant_ids: Iterable[int]) -> dict[int, Location]:
    """The location of each of plant_ids that has one (a primary-key lookup per plant)."""
    wanted = list(plant_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(
            PlantLocation.plant_id,
            PlantLocation.latitude,
            PlantLocation.longitude,
            PlantLocation.city,
            PlantLocation.county,
        ).where(PlantLocation.plant_id.in_(wanted))
    ).all()
    return {
        row.plant_id: Location(
            lat=row.latitude, lon=row.longitude, city=row.city, county=row.county
        )
        for row in rows
    }
