"""The data version: which run loaded each year. Every read-side answer is a function of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, literal, literal_column, select, union_all
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
    """The version as the database holds it now: one read of the small datasets tables."""
    # On the session's connection: the ORM's execution path costs more than this small read.
    # One statement, so the years and the locations are read from the same snapshot.
    rows = session.connection().execute(_VERSION).all()
    located = [row for row in rows if row.year is None]
    return DataVersion(
        tuple((row.year, row.ingestion_id, row.loaded_at) for row in rows if row.year is not None),
        (located[0].ingestion_id, located[0].loaded_at) if located else None,
    )


_dataset = tables.Dataset.__table__.c
_located = tables.LocationDataset.__table__.c
# The locations' row has no year: NULL sorts first descending on PostgreSQL, last on SQLite,
# so it is picked out by its NULL rather than by position.
_VERSION = union_all(
    select(_dataset.year, _dataset.ingestion_id, _dataset.loaded_at),
    select(literal(None, Integer).label("year"), _located.ingestion_id, _located.loaded_at),
).order_by(literal_column("year").desc())


def answered_at(sql: str) -> str:
    """sql (one SELECT, psycopg's %(name)s parameters), giving its rows only if the data version
    in its own snapshot is the one given by version_values: no rows when an ingestion has
    committed since. The database checks it once (an InitPlan gating the scan), in the same
    statement, so the rows and the version are of one snapshot without a transaction."""
    # A subquery with ORDER BY is not flattened: its rows come out in its order.
    return f"SELECT * FROM ({sql}) AS answer WHERE {_SAME_VERSION}"


def version_values(version: DataVersion) -> dict[str, object]:
    """The parameters of answered_at's check, for version."""
    located = version.locations
    return {
        "gridlens_years": [year for year, _, _ in version.loaded] or None,
        "gridlens_runs": [run for _, run, _ in version.loaded] or None,
        "gridlens_loaded": [at for _, _, at in version.loaded] or None,
        "gridlens_located_run": None if located is None else [located[0]],
        "gridlens_located_at": None if located is None else [located[1]],
    }


# The version as data_version reads it (years newest first), compared whole: the same years, each
# loaded by the same run at the same time, and the same locations file. array_agg of no rows is
# NULL, as is a parameter for none.
_SAME_VERSION = """(
    SELECT array_agg(year ORDER BY year DESC) IS NOT DISTINCT FROM %(gridlens_years)s::integer[]
        AND array_agg(ingestion_id ORDER BY year DESC)
            IS NOT DISTINCT FROM %(gridlens_runs)s::bigint[]
        AND array_agg(loaded_at ORDER BY year DESC)
            IS NOT DISTINCT FROM %(gridlens_loaded)s::timestamptz[]
    FROM datasets
) AND (
    SELECT array_agg(ingestion_id) IS NOT DISTINCT FROM %(gridlens_located_run)s::bigint[]
        AND array_agg(loaded_at) IS NOT DISTINCT FROM %(gridlens_located_at)s::timestamptz[]
    FROM location_datasets
)"""
