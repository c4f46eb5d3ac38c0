"""Find a plant by a piece of its name (any case, any accents) or by its plant ID."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.egrid.names import fold
from gridlens.plants.schemas import Location, PlantMatch, PlantSearch, mwh

Plant = tables.Plant
Located = tables.PlantLocation
MIN_CHARS = 2


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_plants(session: Session, *, q: str, year: int, limit: int) -> PlantSearch:
    """Plants of year whose folded name contains q folded, or whose ID is q; largest first,
    unknown generation last."""
    text = q.strip()
    matches: list[ColumnElement[bool]] = [Plant.search_name.like(_like(fold(text)), escape="\\")]
    if text.isdigit() and len(text) <= 9:
        matches.append(Plant.plant_id == int(text))
    rows = session.execute(
        select(
            Plant.plant_id,
            Plant.name,
            Plant.state,
            Plant.net_generation_kwh,
            Located.latitude,
            Located.longitude,
            Located.city,
            Located.county,
        )
        # A primary-key probe per matched plant, in the same round trip.
        .outerjoin(Located, Located.plant_id == Plant.plant_id)
        .where(Plant.year == year, or_(*matches))
        .order_by(
            Plant.net_generation_kwh.is_(None), Plant.net_generation_kwh.desc(), Plant.plant_id
        )
        .limit(limit)
    ).all()
    return PlantSearch(
        year=year,
        plants=[
            PlantMatch(
                plant_id=row.plant_id,
                name=row.name,
                state=row.state,
                net_generation_mwh=mwh(row.net_generation_kwh),
                location=None
                if row.latitude is None
                else Location(
                    lat=row.latitude, lon=row.longitude, city=row.city, county=row.county
                ),
            )
            for row in rows
        ],
    )
