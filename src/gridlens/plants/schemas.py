"""The shapes the read side returns: ranked plants, plant detail, state totals, loaded years."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from gridlens.egrid.states import STATES
from gridlens.plants.errors import UnknownState


def state_code(value: object) -> str:
    """The upper-case code of a state given in any case; UnknownState otherwise."""
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in STATES:
        raise UnknownState(value, sorted(STATES))
    return code


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive timestamps; they were written as UTC (CURRENT_TIMESTAMP).
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


StateCode = Annotated[
    str,
    BeforeValidator(state_code),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
]
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Location(Schema):
    """Where a plant is, from EIA's plant locations (WGS 84 degrees)."""

    lat: float
    lon: float
    city: str | None
    county: str | None


class TopPlant(Schema):
    """A plant ranked by its net generation in a state or the nation."""

    rank: int = Field(description="1 for the largest generator; ties go to the lower plant_id")
    plant_id: int = Field(description="EIA ORISPL code")
    name: str
    state: str
    net_generation_mwh: float
    nameplate_mw: float | None
    generators: int = Field(description="How many generator rows the plant has")
    primary_fuel: str | None
    share: float | None = Field(
        description="net_generation_mwh / total_net_generation_mwh; null when the total is not "
        "positive"
    )
    location: Location | None = Field(
        description="null when EIA's plant locations have none for the plant"
    )


class TopPlants(Schema):
    """The top N plants of a state (or the nation) in a year."""

    year: int
    state: str | None = Field(description="null for all states")
    total_net_generation_mwh: float = Field(
        description="Sum of the known net generation of every plant in scope, ranked or not"
    )
    plants: list[TopPlant]


class Generator(Schema):
    """One generator row of a plant, as loaded."""

    generator_id: str | None = Field(description="GENID, text: leading zeros matter")
    status: str | None
    prime_mover: str | None
    fuel: str | None
    nameplate_mw: float | None
    capacity_factor: float | None
    net_generation_mwh: float | None = Field(description="null is unknown, not zero")
    ozone_net_generation_mwh: float | None
    year_online: int | None
    year_retired: int | None
    boilers: int | None
    line: int = Field(description="Line of the source file the row came from")


class PlantDetail(Schema):
    """A plant in one year with its generators."""

    year: int
    plant_id: int
    name: str
    state: str
    net_generation_mwh: float | None = Field(description="null when no generator's is known")
    nameplate_mw: float | None
    generator_count: int
    primary_fuel: str | None
    generators: list[Generator]
    location: Location | None = Field(
        description="null when EIA's plant locations have none for the plant"
    )


class StateTotal(Schema):
    """A state's plant count and total known net generation."""

    code: str
    name: str
    plants: int
    net_generation_mwh: float


class States(Schema):
    """The states with plants in a year, by code."""

    year: int
    states: list[StateTotal]


class LoadedYear(Schema):
    """A year of data and the file it was loaded from."""

    year: int
    plants: int
    generators: int
    source: str
    sha256: str
    loaded_at: UtcDateTime


class Years(Schema):
    """Every loaded year, newest first."""

    years: list[LoadedYear]
    latest: int | None = Field(description="null when nothing is loaded")
