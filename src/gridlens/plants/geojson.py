"""The plant map's shape: a GeoJSON FeatureCollection (RFC 7946) of ranked plants."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gridlens.egrid.fuels import FuelCategory
from gridlens.plants.schemas import Schema


class Point(Schema):
    """A GeoJSON point: [longitude, latitude] in WGS 84 degrees, in that order."""

    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float]


class MapPlant(Schema):
    """What a dot says about its plant."""

    rank: int = Field(description="The plant's rank in scope, as in /plants/top")
    plant_id: int = Field(description="EIA ORISPL code")
    name: str
    state: str
    fuel: str | None = Field(description="The plant's primary fuel code, as primary_fuel")
    fuel_category: FuelCategory | None = Field(
        description="The category of fuel (GET /api/v1/fuels)"
    )
    net_generation_mwh: float
    city: str | None
    county: str | None


class MapFeature(Schema):
    """One ranked plant; geometry is null when EIA's plant locations have none for it."""

    type: Literal["Feature"] = "Feature"
    id: int = Field(description="The plant_id")
    geometry: Point | None
    properties: MapPlant


class PlantMap(Schema):
    """The top plants of a scope, largest first, as GeoJSON (year and state are extra members)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    year: int
    state: str | None = Field(description="null for all states")
    fuel: FuelCategory | None = Field(description="null for every fuel")
    located: int = Field(description="How many features have a geometry")
    features: list[MapFeature]
