"""Readable labels for eGRID's generator primary fuel codes (FUELG1, EIA energy source codes)."""

from __future__ import annotations

FUEL_LABELS: dict[str, str] = {
    # coal
    "ANT": "Coal (anthracite)",
    "BIT": "Coal (bituminous)",
    "SUB": "Coal (subbituminous)",
    "LIG": "Coal (lignite)",
    "RC": "Coal (refined)",
    "WC": "Coal (waste)",
    "SC": "Coal (synfuel)",
    "SGC": "Coal-derived synthesis gas",
    # oil and petroleum products
    "DFO": "Distillate fuel oil",
    "RFO": "Residual fuel oil",
    "JF": "Jet fuel",
    "KER": "Kerosene",
    "PC": "Petroleum coke",
    "SGP": "Synthesis gas from petroleum coke",
    "WO": "Waste oil",
    # gases
    "NG": "Natural gas",
    "PG": "Propane",
    "BFG": "Blast furnace gas",
    "COG": "Coke oven gas",
    "PRG": "Process gas",
    "OG": "Other gas",
    "H2": "Hydrogen",
    # nuclear and renewables
    "NUC": "Nuclear",
    "WAT": "Hydro",
    "WND": "Wind",
    "SUN": "Solar",
    "GEO": "Geothermal",
    # biomass and waste
    "AB": "Agricultural by-products",
    "BLQ": "Black liquor",
    "DG": "Digester gas",
    "LFG": "Landfill gas",
    "MSB": "Municipal solid waste (biogenic)",
    "MSN": "Municipal solid waste (non-biogenic)",
    "MSW": "Municipal solid waste",
    "OBG": "Other biomass gas",
    "OBL": "Other biomass liquids",
    "OBS": "Other biomass solids",
    "SLW": "Sludge waste",
    "TDF": "Tire-derived fuel",
    "WDL": "Wood waste liquids",
    "WDS": "Wood and wood waste",
    # other
    "MWH": "Battery storage",
    "PUR": "Purchased steam",
    "WH": "Waste heat",
    "OTH": "Other",
}


def fuel_label(code: str) -> str:
    """The readable label of a fuel code, or the code itself when eGRID's list has no such code."""
    return FUEL_LABELS.get(code.strip().upper(), code)
