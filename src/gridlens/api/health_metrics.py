"""Gauges read at scrape time, so Prometheus can alert on them: readiness and the run backlog."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from gridlens.api.readiness import OK, Readiness
from gridlens.db.engine import get_engine
from gridlens.runs.backlog import OPEN_STATUSES, backlog


class HealthCollector(Collector):
    """What /readyz checks, as 1/0 per dependency, and the runs still queued or running."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness

    def collect(self) -> Iterator[Metric]:
        states = self.readiness.states()
        ready = GaugeMetricFamily(
            "gridlens_ready",
            "1 when this API process reaches the dependency (as /readyz checks it), else 0.",
            labels=["check"],
        )
        for check, state in states.items():
            ready.add_metric([check], 1.0 if state == OK else 0.0)
        yield ready
        if states["database"] == OK:
            yield from self._backlog()

    def _backlog(self) -> Iterator[Metric]:
        try:
            with get_engine(self.readiness.settings.database_url).connect() as conn:
                found = backlog(conn)
        except SQLAlchemyError:
            return  # gone since the check a moment ago: gridlens_ready says so next scrape
        runs = GaugeMetricFamily(
            "gridlens_ingestion_runs_open",
            "Ingestion runs not finished yet, by status (queued, running), across all workers.",
            labels=["status"],
        )
        for status in OPEN_STATUSES:
            runs.add_metric([status], found.counts[status])
        yield runs
        yield GaugeMetricFamily(
            "gridlens_ingestion_oldest_running_seconds",
            "How long the longest-running ingestion run has been running (0 when none is).",
            value=found.oldest_running_s,
        )
