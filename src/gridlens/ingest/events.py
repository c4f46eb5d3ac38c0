"""S3 "object created" events (from AWS via SQS, or MinIO's webhook): one queued run per new CSV.

Idempotent by the file: a run is queued only when no run of the same key and SHA-256 is queued,
running or done, and the partial unique index uq_ingestions_open_source_sha256 settles a race
between two workers handling the same event at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

import structlog
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from gridlens.db.engine import get_engine
from gridlens.db.tables import Ingestion
from gridlens.ingest.reading import sha256_of
from gridlens.store.base import ObjectStore
from gridlens.store.s3 import S3Store

log = structlog.get_logger("gridlens.events")
HANDLED = ("queued", "running", "succeeded", "skipped")


class BadEvent(ValueError):
    """Not an S3 event notification; the message says what is wrong with it."""


@dataclass(frozen=True)
class Created:
    bucket: str
    key: str  # the object's full key, decoded


@dataclass(frozen=True)
class Queued:
    key: str  # the store key (under the store's prefix)
    run_id: int | None  # None: a run of this very file was queued or done already


def parse(body: str | bytes | dict[str, Any]) -> list[Created]:
    """The objects an S3 event says were created; [] for S3's test event and other event kinds."""
    try:
        event = json.loads(body) if isinstance(body, str | bytes) else body
    except json.JSONDecodeError as error:
        raise BadEvent(f"not JSON: {error}") from error
    if not isinstance(event, dict):
        raise BadEvent(f"not an S3 event: a JSON {type(event).__name__}, not an object")
    if event.get("Event") == "s3:TestEvent":
        return []  # sent once when a bucket notification is configured
    records = event.get("Records")
    if not isinstance(records, list):
        raise BadEvent("not an S3 event: no Records list")
    created = []
    for number, record in enumerate(records):
        try:
            name = str(record.get("eventName", ""))
            if not name.removeprefix("s3:").startswith("ObjectCreated:"):
                continue
            bucket = record["s3"]["bucket"]["name"]
            # S3 URL-encodes keys in events, spaces as +.
            key = unquote_plus(record["s3"]["object"]["key"])
        except (AttributeError, KeyError, TypeError) as error:
            raise BadEvent(f"Records[{number}] lacks s3.bucket.name or s3.object.key") from error
        created.append(Created(str(bucket), key))
    return created


def store_key(store: ObjectStore, created: Created) -> str | None:
    """The key of created in store; None when not a CSV under the store's bucket and prefix."""
    if not isinstance(store, S3Store) or created.bucket != store.bucket:
        return None
    if not created.key.startswith(store.prefix) or not created.key.lower().endswith(".csv"):
        return None
    return created.key[len(store.prefix) :]


def queue_created(store: ObjectStore, database_url: str, created: list[Created]) -> list[Queued]:
    """A queued run per new CSV of the store; errors of the store or database propagate."""
    queued = []
    for event in created:
        key = store_key(store, event)
        if key is None:
            log.info("event ignored", bucket=event.bucket, key=event.key, store=store.url)
            continue
        stream = store.open(key)
        try:
            sha, _ = sha256_of(stream)
        finally:
            stream.close()
        run_id = _enqueue_once(database_url, key, sha)
        log.info("event handled", key=key, sha256=sha, run_id=run_id, duplicate=run_id is None)
        queued.append(Queued(key, run_id))
    return queued


def _enqueue_once(database_url: str, key: str, sha: str) -> int | None:
    run = Ingestion
    try:
        with get_engine(database_url).begin() as conn:
            seen = conn.scalar(
                select(run.id)
                .where(run.source == key, run.sha256 == sha, run.status.in_(HANDLED))
                .limit(1)
            )
            if seen is not None:
                return None
            return int(
                conn.execute(
                    insert(run)
                    .values(source=key, sha256=sha, status="queued", force=False)
                    .returning(run.id)
                ).scalar_one()
            )
    except IntegrityError:
        return None  # another worker queued this very file a moment ago
