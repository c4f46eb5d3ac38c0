"""OpenTelemetry: the span trees of a request and an ingestion run (in-memory exporter, in a
fresh interpreter as tracing is process-wide), once over real OTLP/HTTP, and off by default."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from gridlens import tracing
from tests.conftest import ROOT
from tests.integration.ops.processes import free_port, gridlens_serve, serve_env

EXPORT_TIMEOUT_S = 30.0


def probe(
    database_url: str, store: Path, *bucket: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(spans, JSON log lines) of one ingestion (from bucket, if given) and one API request."""
    store.mkdir()
    module = "tests.integration.tracing_probe"
    result = subprocess.run(
        [sys.executable, "-m", module, database_url, str(store), *bucket],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    spans = [json.loads(line) for line in result.stdout.splitlines()]
    logs = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    return spans, logs


@pytest.fixture
def traced(pg_url: str, tmp_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return probe(pg_url, tmp_path / "store")


def descendants(spans: list[dict[str, Any]], root: dict[str, Any]) -> list[dict[str, Any]]:
    children = [s for s in spans if s["parent_id"] == root["span_id"]]
    return children + [d for child in children for d in descendants(spans, child)]


def test_an_api_request_is_one_trace_through_its_sql(
    traced: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    spans, logs = traced
    (request,) = [s for s in spans if s["name"] == "GET /api/v1/plants/top"]
    sql = [s for s in descendants(spans, request) if "db.statement" in s["attributes"]]
    (access,) = [line for line in logs if line.get("logger") == "gridlens.access"]

    assert request["parent_id"] is None
    assert request["attributes"]["http.status_code"] == "200"
    assert sql
    assert {s["attributes"]["db.system"] for s in sql} == {"postgresql"}
    assert any("FROM plants" in s["attributes"]["db.statement"] for s in sql)
    assert {s["trace_id"] for s in descendants(spans, request)} == {request["trace_id"]}
    assert (access["trace_id"], access["span_id"]) == (request["trace_id"], request["span_id"])


def test_an_ingestion_run_is_a_trace_of_read_validate_and_swap(
    traced: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    spans, logs = traced
    (run,) = [s for s in spans if s["name"] == "ingestion run"]
    phases = [s for s in spans if s["parent_id"] == run["span_id"] and s["name"] in PHASES]
    (finished,) = [line for line in logs if line.get("event") == "ingestion finished"]

    assert run["parent_id"] is None
    assert run["attributes"] == {
        "gridlens.source": "gen23.csv",
        "gridlens.run_id": str(finished["run_id"]),
        "gridlens.status": "succeeded",
        "gridlens.kind": "generators",  # a plant-locations file's run says "locations"
    }
    assert [s["name"] for s in phases] == ["read", "validate", "swap"]  # finished in this order
    for phase in phases:
        assert [s for s in descendants(spans, phase) if "db.statement" in s["attributes"]]
    assert finished["trace_id"] == run["trace_id"]


PHASES = {"read", "validate", "swap"}


def test_reading_from_s3_shows_its_calls_in_the_read_span(
    pg_url: str, s3_bucket: str, tmp_path: Path
) -> None:
    spans, _ = probe(pg_url, tmp_path / "store", s3_bucket)
    (read,) = [s for s in spans if s["name"] == "read"]
    calls = [s for s in descendants(spans, read) if s["attributes"].get("rpc.system") == "aws-api"]

    assert [s["name"] for s in calls] == ["S3.GetObject"]
    assert calls[0]["attributes"]["rpc.service"] == "S3"


def test_tracing_is_off_unless_an_otlp_endpoint_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)

    assert tracing.setup("gridlens-test") is None
    with tracing.tracer.start_as_current_span("anything") as span:
        assert not span.is_recording()
        assert not span.get_span_context().is_valid


class Receiver(BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: keeps each export request's spans."""

    spans: list[Any]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest.FromString(body)
        for resource in request.resource_spans:
            for scope in resource.scope_spans:
                self.server.spans.extend(scope.spans)  # type: ignore[attr-defined]
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.spans = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_a_served_request_reaches_an_otlp_http_receiver(
    pg_url: str, tmp_path: Path, receiver: ThreadingHTTPServer
) -> None:
    port = free_port()
    env = serve_env(pg_url, tmp_path / "store") | {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.server_address[1]}",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    with gridlens_serve([port], env, tmp_path):
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code == 200
        deadline = time.monotonic() + EXPORT_TIMEOUT_S
        while time.monotonic() < deadline:
            spans = list(receiver.spans)  # type: ignore[attr-defined]
            if any(s.name == "GET /readyz" for s in spans) and len(spans) >= 4:
                break
            time.sleep(0.2)

    (request,) = [s for s in spans if s.name == "GET /readyz"]
    sql = [s for s in spans if s.parent_span_id == request.span_id and s.name.startswith("SELECT")]
    assert sql
    assert {s.trace_id for s in sql} == {request.trace_id}
