"""Prometheus metrics of gridlens, defined once per process: HTTP traffic and ingestion runs."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

HTTP_REQUESTS = Counter(
    "gridlens_http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "gridlens_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
)
INGESTION_RUNS = Counter(
    "gridlens_ingestion_runs_total",
    "Ingestion runs finished, by final status.",
    ["status"],
)
# Every final status from the start: a counter that first appears at 1 hides that first
# failure from increase(), and so from the alert.
for _status in ("succeeded", "skipped", "failed"):
    INGESTION_RUNS.labels(status=_status)
INGESTION_DURATION = Histogram(
    "gridlens_ingestion_duration_seconds",
    "Time an ingestion run took, from start to its final status.",
    buckets=(1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)
INGESTION_ROWS = Counter(
    "gridlens_ingestion_rows_total",
    "Rows seen by ingestion runs, by kind (read, loaded, rejected, skipped).",
    ["kind"],
)

S3_EVENTS = Counter(
    "gridlens_s3_events_total",
    "S3 object-created events handled, by outcome (queued, duplicate, ignored, failed, poison).",
    ["outcome"],
)
for _outcome in ("queued", "duplicate", "ignored", "failed", "poison"):
    S3_EVENTS.labels(outcome=_outcome)

CONTENT_TYPE = CONTENT_TYPE_LATEST


class PoolCollector(Collector):
    """Connections of this process's database pools, read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        from sqlalchemy.pool import QueuePool

        from gridlens.db.engine import ENGINES

        pools = [e.pool for e in ENGINES.values() if isinstance(e.pool, QueuePool)]
        connections = GaugeMetricFamily(
            "gridlens_db_pool_connections",
            "Database connections of this process's pools, by state.",
            labels=["state"],
        )
        connections.add_metric(["in_use"], sum(p.checkedout() for p in pools))
        connections.add_metric(["idle"], sum(p.checkedin() for p in pools))
        yield connections
        yield GaugeMetricFamily(
            "gridlens_db_pool_max_connections",
            "Connections the pools may open at most (size plus overflow).",
            value=sum(p.size() + p._max_overflow for p in pools),
        )


REGISTRY.register(PoolCollector())


def exposition(*scraped: Collector) -> bytes:
    """The text exposition of every metric, summed across workers when uvicorn runs several.

    scraped: collectors read afresh for this scrape only (their values are the same whichever
    process answers, so they are not summed across workers)."""
    extra = CollectorRegistry()
    for collector in scraped:
        extra.register(collector)
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry) + generate_latest(extra)
    return generate_latest(REGISTRY) + generate_latest(extra)
