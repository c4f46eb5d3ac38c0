"""The data version: which run loaded each year. Every read-side answer is a function of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

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


@lru_cache(maxsize=4)
def version_values(version: DataVersion) -> dict[str, object]:
    """The parameter of answered_at's check for version: one string, made once per version (a
    parameter per field, arrays of timestamps among them, cost psycopg more to send than the
    ranking's own)."""
    years = ",".join(f"{y}:{run}:{_microseconds(at)}" for y, run, at in version.loaded)
    located = version.locations
    files = "" if located is None else f"{located[0]}:{_microseconds(located[1])}"
    return {"gridlens_version": f"{years};{files}"}


def _microseconds(moment: datetime) -> int:
    """Since the epoch, exactly (as extract(epoch ...) * 1000000 in PostgreSQL)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The version as data_version reads it (years newest first) and version_values writes it: the
# same years, each loaded by the same run at the same moment, and the same locations file.
_SAME_VERSION = """(
    SELECT coalesce(string_agg(
        year || ':' || ingestion_id || ':' || (extract(epoch FROM loaded_at) * 1000000)::bigint,
        ',' ORDER BY year DESC), '')
    FROM datasets
) || ';' || (
    SELECT coalesce(string_agg(
        ingestion_id || ':' || (extract(epoch FROM loaded_at) * 1000000)::bigint, ','), '')
    FROM location_datasets
) = %(gridlens_version)s"""
