"""The data version: which run loaded each year. Every read-side answer is a function of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens import __version__
from gridlens.db import tables
from gridlens.plants.errors import NoData, YearNotLoaded


@dataclass(frozen=True, slots=True)
class DataVersion:
    """Each loaded year with the run that loaded it, newest year first.

    An ingestion swaps a year's rows and its datasets row in one transaction, with its own run
    id, so two reads that see the same version saw the same data.
    """

    loaded: tuple[tuple[int, int, datetime], ...]  # (year, ingestion_id, loaded_at)
    locations: tuple[int, datetime] | None = None  # (ingestion_id, loaded_at) of plant locations

    @property
    def years(self) -> list[int]:
        return [year for year, _, _ in self.loaded]

    @property
    def tag(self) -> str:
        """A short digest for ETags; the release is in it, as answers may change shape with it."""
        text = f"{__version__};" + ";".join(f"{y},{i},{at.isoformat()}" for y, i, at in self.loaded)
        if self.locations is not None:
            text += f";locations,{self.locations[0]},{self.locations[1].isoformat()}"
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def resolve_year(self, year: int | None) -> int:
        """The year asked for, or the latest loaded one when none is."""
        years = self.years
        if not years:
            raise NoData()
        if year is None:
            return years[0]
        if year not in years:
            raise YearNotLoaded(year, years)
        return year


def data_version(session: Session) -> DataVersion:
    """The version as the database holds it now: reads of the small datasets tables."""
    dataset = tables.Dataset
    rows = session.execute(
        select(dataset.year, dataset.ingestion_id, dataset.loaded_at).order_by(dataset.year.desc())
    ).all()
    located = session.execute(
        select(tables.LocationDataset.ingestion_id, tables.LocationDataset.loaded_at)
    ).first()
    return DataVersion(
        tuple((row.year, row.ingestion_id, row.loaded_at) for row in rows),
        (located.ingestion_id, located.loaded_at) if located is not None else None,
    )
