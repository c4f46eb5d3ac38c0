"""The store's CSV objects beside their latest run: what became of each file."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridlens.db import tables
from gridlens.outcomes import RunStatus
from gridlens.store.base import ObjectStore


class StoredFile(BaseModel):
    key: str
    size: int
    modified: datetime | None
    last_status: RunStatus | None
    last_ingestion_id: int | None


class StoredFiles(BaseModel):
    store: str
    files: list[StoredFile]


def list_files(session: Session, store: ObjectStore) -> StoredFiles:
    """Every CSV in the store with the status of its newest run (None when never ingested)."""
    objects = store.list_csv()
    keys = [obj.key for obj in objects]
    newest = (
        select(tables.Ingestion.source, func.max(tables.Ingestion.id).label("id"))
        .where(tables.Ingestion.source.in_(keys))
        .group_by(tables.Ingestion.source)
        .subquery()
    )
    runs = {
        source: (run_id, status)
        for source, run_id, status in session.execute(
            select(newest.c.source, newest.c.id, tables.Ingestion.status).join(
                tables.Ingestion, tables.Ingestion.id == newest.c.id
            )
        )
    }
    return StoredFiles(
        store=store.url,
        files=[
            StoredFile(
                key=obj.key,
                size=obj.size,
                modified=obj.modified,
                last_status=runs.get(obj.key, (None, None))[1],
                last_ingestion_id=runs.get(obj.key, (None, None))[0],
            )
            for obj in objects
        ],
    )
