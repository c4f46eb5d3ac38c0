"""Which objects an ingestion takes, and running it over several of them."""

from __future__ import annotations

from sqlalchemy import select

from gridlens.db.engine import get_engine
from gridlens.db.tables import Ingestion
from gridlens.ingest.reading import sha256_of
from gridlens.outcomes import DONE
from gridlens.store.base import ObjectStore


def pending_keys(store: ObjectStore, database_url: str) -> list[str]:
    """CSV keys of the store whose key and content (SHA-256) have no successful run yet."""
    keys = [obj.key for obj in store.list_csv()]
    if not keys:
        return []
    with get_engine(database_url).connect() as conn:
        done = {
            (source, sha)
            for source, sha in conn.execute(
                select(Ingestion.source, Ingestion.sha256).where(
                    Ingestion.status.in_(DONE), Ingestion.source.in_(keys)
                )
            )
        }
    if not done:
        return keys
    pending = []
    for key in keys:
        if any(source == key for source, _ in done):
            stream = store.open(key)
            try:
                sha, _ = sha256_of(stream)
            finally:
                stream.close()
            if (key, sha) in done:
                continue
        pending.append(key)
    return pending
