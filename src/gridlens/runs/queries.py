"""Run records, newest first, straight from the ingestions table."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.runs.schemas import Ingestion, Ingestions


class IngestionNotFound(LookupError):
    """No run with that id."""

    def __init__(self, ingestion_id: int) -> None:
        super().__init__(
            f"There is no ingestion {ingestion_id}. GET /api/v1/ingestions lists the runs."
        )


def list_ingestions(session: Session, *, limit: int, offset: int) -> Ingestions:
    """A page of runs, newest (highest id) first."""
    total = session.scalar(select(func.count()).select_from(tables.Ingestion)) or 0
    runs = session.scalars(
        select(tables.Ingestion).order_by(tables.Ingestion.id.desc()).limit(limit).offset(offset)
    ).all()
    return Ingestions(
        total=total,
        limit=limit,
        offset=offset,
        ingestions=[Ingestion.model_validate(run) for run in runs],
    )


def get_ingestion(session: Session, ingestion_id: int) -> Ingestion:
    """One run; IngestionNotFound when there is none."""
    run = session.get(tables.Ingestion, ingestion_id)
    if run is None:
        raise IngestionNotFound(ingestion_id)
    return Ingestion.model_validate(run)
