"""Run by tests/integration/test_tracing.py in a fresh interpreter, as tracing is process-wide:
one ingestion and one API request with spans kept in memory; prints the spans as JSON lines
on stdout (the JSON log lines go to stderr).

    python -m tests.integration.tracing_probe DATABASE_URL STORE_DIR [S3_BUCKET]

With S3_BUCKET (on the endpoint AWS_ENDPOINT_URL names), the file is ingested from there.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import boto3
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gridlens import tracing
from gridlens.api.app import create_app
from gridlens.db.migrate import upgrade
from gridlens.ingest.pipeline import ingest_object
from gridlens.logs import configure_logging
from gridlens.settings import Settings
from gridlens.store.base import ObjectStore
from gridlens.store.local import LocalStore
from gridlens.store.s3 import S3Store
from tests.integration.ingest.sheets import plants_sheet
from tests.unit.api.signin import signed_in


def main(database_url: str, store: Path, bucket: str | None = None) -> None:
    exporter = InMemorySpanExporter()
    tracing.setup("gridlens-probe", exporter)
    settings = Settings(
        env="test",
        database_url=database_url,
        store_url=str(store),
        log_format="json",
        web_dist=str(store / "no-ui"),
        embedded_worker=False,
    )
    configure_logging(settings)
    upgrade(database_url)  # before tracing's SQL spans matter: a no-op when already at head
    sheet = plants_sheet(store / "gen23.csv", 5)
    source: ObjectStore = LocalStore(store)
    if bucket:
        boto3.client("s3").upload_file(str(sheet), bucket, "gen23.csv")
        source = S3Store(bucket)
    ingest_object(source, "gen23.csv", database_url=database_url)
    with TestClient(signed_in(create_app(settings))) as client:
        assert client.get("/api/v1/plants/top?year=2023&n=3").status_code == 200
    for span in exporter.get_finished_spans():
        context, parent = span.get_span_context(), span.parent
        assert context is not None
        record = {
            "name": span.name,
            "trace_id": format(context.trace_id, "032x"),
            "span_id": format(context.span_id, "016x"),
            "parent_id": format(parent.span_id, "016x") if parent else None,
            "attributes": {k: str(v) for k, v in (span.attributes or {}).items()},
        }
        sys.stdout.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:])
