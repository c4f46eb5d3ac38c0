"""The fuel table as the API serves it: categories and codes, each with its label."""

from __future__ import annotations

from gridlens.egrid.fuels import CATEGORY_LABELS, FUELS
from gridlens.plants.schemas import FuelCategoryLabel, FuelCode, Fuels


def fuel_table() -> Fuels:
    return Fuels(
        categories=[
            FuelCategoryLabel(category=category, label=label)
            for category, label in CATEGORY_LABELS.items()
        ],
        codes=[
            FuelCode(code=code, label=fuel.label, category=fuel.category)
            for code, fuel in FUELS.items()
        ],
    )
