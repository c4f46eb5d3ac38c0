"""eGRID's fuel codes (FUELG1, EIA energy source codes): a readable label and a category each.

The one table of fuels: ingestion derives each plant's category from it, the API serves it
(GET /api/v1/fuels) and the UI reads its labels from there. Every code seen in GEN19-GEN23 is here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class FuelCategory(StrEnum):
    """The kinds of fuel a plant is filtered and a state's mix is broken down by."""

    COAL = "coal"
    OIL = "oil"
    GAS = "gas"
    OTHER_FOSSIL = "other_fossil"
    NUCLEAR = "nuclear"
    HYDRO = "hydro"
    WIND = "wind"
    SOLAR = "solar"
    GEOTHERMAL = "geothermal"
    BIOMASS = "biomass"
    STORAGE = "storage"
    OTHER = "other"


CATEGORY_LABELS: dict[FuelCategory, str] = {
    FuelCategory.COAL: "Coal",
    FuelCategory.OIL: "Oil",
    FuelCategory.GAS: "Natural gas",
    FuelCategory.OTHER_FOSSIL: "Other fossil gases",
    FuelCategory.NUCLEAR: "Nuclear",
    FuelCategory.HYDRO: "Hydro",
    FuelCategory.WIND: "Wind",
    FuelCategory.SOLAR: "Solar",
    FuelCategory.GEOTHERMAL: "Geothermal",
    FuelCategory.BIOMASS: "Biomass and waste",
    FuelCategory.STORAGE: "Battery storage",
    FuelCategory.OTHER: "Other",
}


class Fuel(NamedTuple):
    label: str
    category: FuelCategory


_C = FuelCategory
FUELS: dict[str, Fuel] = {
    "ANT": Fuel("Coal (anthracite)", _C.COAL),
    "BIT": Fuel("Coal (bituminous)", _C.COAL),
    "SUB": Fuel("Coal (subbituminous)", _C.COAL),
    "LIG": Fuel("Coal (lignite)", _C.COAL),
    "RC": Fuel("Coal (refined)", _C.COAL),
    "WC": Fuel("Coal (waste)", _C.COAL),
    "SC": Fuel("Coal (synfuel)", _C.COAL),
    "SGC": Fuel("Coal-derived synthesis gas", _C.COAL),
    "DFO": Fuel("Distillate fuel oil", _C.OIL),
    "RFO": Fuel("Residual fuel oil", _C.OIL),
    "JF": Fuel("Jet fuel", _C.OIL),
    "KER": Fuel("Kerosene", _C.OIL),
    "PC": Fuel("Petroleum coke", _C.OIL),
    "SGP": Fuel("Synthesis gas from petroleum coke", _C.OIL),
    "WO": Fuel("Waste oil", _C.OIL),
    "NG": Fuel("Natural gas", _C.GAS),
    # EIA counts these with "other gases", apart from natural gas.
    "PG": Fuel("Propane", _C.OTHER_FOSSIL),
    "BFG": Fuel("Blast furnace gas", _C.OTHER_FOSSIL),
    "COG": Fuel("Coke oven gas", _C.OTHER_FOSSIL),
    "PRG": Fuel("Process gas", _C.OTHER_FOSSIL),
    "OG": Fuel("Other gas", _C.OTHER_FOSSIL),
    "TDF": Fuel("Tire-derived fuel", _C.OTHER_FOSSIL),
    "MSN": Fuel("Municipal solid waste (non-biogenic)", _C.OTHER_FOSSIL),
    "NUC": Fuel("Nuclear", _C.NUCLEAR),
    "WAT": Fuel("Hydro", _C.HYDRO),
    "WND": Fuel("Wind", _C.WIND),
    "SUN": Fuel("Solar", _C.SOLAR),
    "GEO": Fuel("Geothermal", _C.GEOTHERMAL),
    "AB": Fuel("Agricultural by-products", _C.BIOMASS),
    "BLQ": Fuel("Black liquor", _C.BIOMASS),
    "DG": Fuel("Digester gas", _C.BIOMASS),
    "LFG": Fuel("Landfill gas", _C.BIOMASS),
    "MSB": Fuel("Municipal solid waste (biogenic)", _C.BIOMASS),
    "MSW": Fuel("Municipal solid waste", _C.BIOMASS),
    "OBG": Fuel("Other biomass gas", _C.BIOMASS),
    "OBL": Fuel("Other biomass liquids", _C.BIOMASS),
    "OBS": Fuel("Other biomass solids", _C.BIOMASS),
    "SLW": Fuel("Sludge waste", _C.BIOMASS),
    "WDL": Fuel("Wood waste liquids", _C.BIOMASS),
    "WDS": Fuel("Wood and wood waste", _C.BIOMASS),
    "MWH": Fuel("Battery storage", _C.STORAGE),
    "H2": Fuel("Hydrogen", _C.OTHER),
    "PUR": Fuel("Purchased steam", _C.OTHER),
    "WH": Fuel("Waste heat", _C.OTHER),
    "OTH": Fuel("Other", _C.OTHER),
}
FUEL_LABELS: dict[str, str] = {code: fuel.label for code, fuel in FUELS.items()}


def fuel_label(code: str) -> str:
    """The readable label of a fuel code, or the code itself when eGRID's list has no such code."""
    return FUEL_LABELS.get(code.strip().upper(), code)


def fuel_category(code: str | None) -> FuelCategory:
    """The category of a fuel code; an unknown or missing code is other."""
    fuel = FUELS.get(code.strip().upper()) if code else None
    return fuel.category if fuel else FuelCategory.OTHER


def category_sql(column: str) -> str:
    """A SQL CASE giving the category of the fuel code in column, as fuel_category does."""
    whens = " ".join(f"WHEN '{code}' THEN '{fuel.category.value}'" for code, fuel in FUELS.items())
    return f"CASE UPPER({column}) {whens} ELSE '{FuelCategory.OTHER.value}' END"
