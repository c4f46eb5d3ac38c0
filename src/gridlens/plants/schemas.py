"""The shapes the read side returns: ranked plants, plant detail, state totals, loaded years."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from gridlens.egrid.fuels import FuelCategory
from gridlens.egrid.states import STATES
from gridlens.plants.errors import UnknownState

NATION = "US"


def state_code(value: object) -> str:
    """The upper-case code of a state given in any case; UnknownState otherwise."""
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in STATES:
        raise UnknownState(value, sorted(STATES))
    return code


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive timestamps; they were written as UTC (CURRENT_TIMESTAMP).
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def place_code(value: object) -> str:
    """A state's code (state_code), or US for the nation, in any case."""
    if isinstance(value, str) and value.strip().upper() == NATION:
        return NATION
    try:
        return state_code(value)
    except UnknownState:
        raise UnknownState(value, [*sorted(STATES), f"or {NATION} for the nation"]) from None


def mwh(kwh: int | None) -> float | None:
    """Integer kWh as MWh: exact to the three decimals stored (30820509999 -> 30820509.999)."""
    return None if kwh is None else kwh / 1000


PlaceCode = Annotated[
    str,
    BeforeValidator(place_code),
    WithJsonSchema({"type": "string", "enum": [*sorted(STATES), NATION]}),
]
StateCode = Annotated[
    str,
    BeforeValidator(state_code),
    # Documented as the codes eGRID reports, so a client (and a fuzzer) knows which are valid.
    WithJsonSchema({"type": "string", "enum": sorted(STATES)}),
]
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PreviousRank(Schema):
    """Where a plant stood in the same scope in the previous loaded year."""

    year: int
    rank: int
    net_generation_mwh: float


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
    fuel_category: FuelCategory | None = Field(
        default=None, description="The category of primary_fuel (GET /api/v1/fuels)"
    )
    previous: PreviousRank | None = Field(
        default=None,
        description="Its rank in the same scope (state or nation, fuel) in previous_year; null "
        "when it was not ranked there (new, unknown generation, another state or fuel)",
    )
    location: Location | None = Field(
        description="null when EIA's plant locations have none for the plant"
    )


class TopPlants(Schema):
    """The top N plants of a state (or the nation) in a year."""

    year: int
    state: str | None = Field(description="null for all states")
    fuel: FuelCategory | None = Field(default=None, description="null for every fuel")
    previous_year: int | None = Field(
        default=None, description="The nearest earlier loaded year; null when there is none"
    )
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

    @classmethod
    def of(cls, row: Any) -> Generator:
        """A stored generator row (its generation in kWh)."""
        return cls(
            generator_id=row.generator_id,
            status=row.status,
            prime_mover=row.prime_mover,
            fuel=row.fuel,
            nameplate_mw=row.nameplate_mw,
            capacity_factor=row.capacity_factor,
            net_generation_mwh=mwh(row.net_generation_kwh),
            ozone_net_generation_mwh=mwh(row.ozone_net_generation_kwh),
            year_online=row.year_online,
            year_retired=row.year_retired,
            boilers=row.boilers,
            line=row.line,
        )


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


class FuelTotal(Schema):
    """A fuel category's plants and known net generation in a place and year."""

    fuel: FuelCategory
    plants: int
    net_generation_mwh: float


class StateYear(Schema):
    """A place's plants and generation in one year, with its breakdown by fuel category."""

    year: int
    plants: int = Field(description="Every plant in scope, with or without known generation")
    net_generation_mwh: float = Field(description="Sum of the known values; 0 when none")
    by_fuel: list[FuelTotal] = Field(description="Largest first; empty when there is no plant")


class StateHistory(Schema):
    """A state's (or, as US, the nation's) totals in every loaded year, oldest first."""

    state: str
    fuel: FuelCategory | None = Field(description="null for every fuel")
    years: list[StateYear]


class PlantYear(Schema):
    """A plant in one loaded year, ranked as /plants/top ranks it."""

    year: int
    name: str
    state: str
    net_generation_mwh: float | None
    nameplate_mw: float | None
    primary_fuel: str | None
    fuel_category: FuelCategory | None
    rank_in_state: int | None = Field(description="null when its generation is unknown")
    rank_in_nation: int | None = Field(description="null when its generation is unknown")


class PlantHistory(Schema):
    """A plant in every loaded year it appears in, oldest first."""

    plant_id: int
    name: str = Field(description="Its name in the latest year it appears in")
    years: list[PlantYear]


class PlantMatch(Schema):
    """A plant found by name or ID."""

    plant_id: int
    name: str
    state: str
    net_generation_mwh: float | None
    location: Location | None = Field(
        description="null when EIA's plant locations have none for the plant"
    )


class PlantSearch(Schema):
    """Plants whose name contains the text asked for (or whose ID equals it), largest first."""

    year: int
    plants: list[PlantMatch]


class FuelCategoryLabel(Schema):
    category: FuelCategory
    label: str


class FuelCode(Schema):
    code: str = Field(description="EPA's fuel code (FUELG1, EIA energy source code)")
    label: str
    category: FuelCategory


class Fuels(Schema):
    """The fuel categories, and every fuel code with its label and category."""

    categories: list[FuelCategoryLabel]
    codes: list[FuelCode]
