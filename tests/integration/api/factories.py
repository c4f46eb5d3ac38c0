"""Small builders of table rows for API tests; each fills what a test does not care about."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from gridlens.db.tables import Dataset, Generator, Ingestion, LocationDataset, Plant, PlantLocation
from gridlens.ingest.staging import KWH, kwh

LOADED_AT = datetime(2025, 1, 15, 12, 30, tzinfo=UTC)


def dataset(year: int, *, plants: int = 0, generators: int = 0, **fields: Any) -> Dataset:
    defaults: dict[str, Any] = {
        "sha256": f"{year:064d}",
        "source": f"gen{year % 100:02d}.csv",
        "ingestion_id": 1,
        "loaded_at": LOADED_AT,
    }
    return Dataset(year=year, plants=plants, generators=generators, **(defaults | fields))


def plant(
    year: int,
    plant_id: int,
    state: str,
    net_generation_mwh: float | None,
    **fields: Any,
) -> Plant:
    defaults: dict[str, Any] = {
        "name": f"Plant {plant_id}",
        "nameplate_mw": None,
        "generators": 1,
        "primary_fuel": None,
    }
    return Plant(
        year=year,
        plant_id=plant_id,
        state=state,
        net_generation_kwh=kwh(net_generation_mwh),
        **(defaults | fields),
    )


def generator(
    year: int, line: int, plant_id: int, generator_id: str | None, **fields: Any
) -> Generator:
    defaults: dict[str, Any] = {"state": "TX", "plant_name": f"Plant {plant_id}"}
    for name, stored in KWH.items():  # given in MWh, as tests read them; stored in kWh
        if name in fields:
            fields[stored] = kwh(fields.pop(name))
    return Generator(
        year=year, line=line, plant_id=plant_id, generator_id=generator_id, **(defaults | fields)
    )


def ingestion(**fields: Any) -> Ingestion:
    defaults: dict[str, Any] = {
        "source": "gen23.csv",
        "status": "succeeded",
        "force": False,
        "rows_read": 0,
        "rows_loaded": 0,
        "rows_rejected": 0,
        "rows_skipped": 0,
        "warnings_count": 0,
        "rejects": [],
        "warnings": [],
        "notes": [],
        "created_at": LOADED_AT,
    }
    return Ingestion(**(defaults | fields))


def location(plant_id: int, lat: float, lon: float, **fields: Any) -> PlantLocation:
    defaults: dict[str, Any] = {
        "line": plant_id + 1,
        "state": "TX",
        "name": f"Plant {plant_id}",
        "city": None,
        "county": None,
        "period": "2023-11",
    }
    return PlantLocation(plant_id=plant_id, latitude=lat, longitude=lon, **(defaults | fields))


def locations_dataset(ingestion_id: int = 2, **fields: Any) -> LocationDataset:
    defaults: dict[str, Any] = {
        "sha256": "e" * 64,
        "source": "power_plants_202311.csv",
        "locations": 0,
        "period": "2023-11",
        "loaded_at": LOADED_AT,
    }
    return LocationDataset(ingestion_id=ingestion_id, **(defaults | fields))
