"""Prometheus and Grafana as compose provisions them: targets, data source, the dashboard."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import REGISTRY, CollectorRegistry

import gridlens.metrics  # noqa: F401  (registers gridlens' metrics)
from gridlens.api.health_metrics import HealthCollector
from gridlens.api.readiness import Readiness
from gridlens.db.engine import get_engine
from gridlens.db.migrate import upgrade
from gridlens.settings import Settings
from tests.integration.ops.files import MONITORING, library, service

PROVISIONING = MONITORING / "grafana" / "provisioning"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "gridlens.json"
# Grafana's interval macros, as Prometheus would see them once Grafana has filled them in.
MACROS = {"$__rate_interval": "1m", "$__range": "3h", "$__interval": "15s"}
SUFFIXES = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"], "gauge": [""]}


@cache
def dashboard() -> dict[str, Any]:
    return dict(json.loads(DASHBOARD.read_text()))


@cache
def prometheus() -> dict[str, Any]:
    return dict(yaml.safe_load((MONITORING / "prometheus.yml").read_text()))


def queries() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def selectors(node: Any) -> Iterator[Any]:
    """Every vector selector in a parsed PromQL expression."""
    if isinstance(node, library("promql_parser", "promql-parser").VectorSelector):
        yield node
    for attribute in ("expr", "lhs", "rhs", "vector_selector", "param"):
        child = getattr(node, attribute, None)
        if child is not None:
            yield from selectors(child)
    for argument in getattr(node, "args", None) or []:
        yield from selectors(argument)


def parse(query: str) -> Any:
    for macro, value in MACROS.items():
        query = query.replace(macro, value)
    return library("promql_parser", "promql-parser").parse(query)


@cache
def scrape_time_series() -> set[str]:
    """The gauges the API reads at each scrape, from a real one on a migrated SQLite database."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'gridlens.db'}"
        upgrade(url)
        settings = Settings(env="test", database_url=url, store_url=folder)
        registry = CollectorRegistry()
        registry.register(HealthCollector(Readiness(settings)))
        names = {family.name for family in registry.collect()}
        get_engine(url).dispose()
    return names


def gridlens_series() -> set[str]:
    """The series names gridlens' own metrics expose."""
    return scrape_time_series() | {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("gridlens_")
        for suffix in SUFFIXES.get(family.type, [""])
    }


def test_prometheus_scrapes_every_api_replica_and_worker_by_dns() -> None:
    jobs = {job["job_name"]: job for job in prometheus()["scrape_configs"]}

    assert {
        name: [(sd["names"], sd["type"], sd["port"]) for sd in jobs[name]["dns_sd_configs"]]
        for name in ("gridlens-api", "gridlens-worker")
    } == {"gridlens-api": [(["api"], "A", 8000)], "gridlens-worker": [(["worker"], "A", 9101)]}
    assert service("api")["expose"] == ["8000"]
    assert service("worker")["expose"] == ["9101"]
    assert service("worker")["environment"]["GRIDLENS_WORKER_METRICS_PORT"] == "9101"


def test_compose_mounts_what_grafana_and_prometheus_are_told_to_read() -> None:
    grafana = service("grafana")
    provider = yaml.safe_load((PROVISIONING / "dashboards" / "gridlens.yml").read_text())
    (source,) = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())[
        "datasources"
    ]

    assert "./monitoring/grafana/dashboards:/etc/grafana/dashboards:ro" in grafana["volumes"]
    assert "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
    assert provider["providers"][0]["options"]["path"] == "/etc/grafana/dashboards"
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"/etc/grafana/dashboards/{DASHBOARD.name}"
    assert source["url"] == "http://prometheus:9090"
    assert (
        "./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro"
        in (service("prometheus")["volumes"])
    )


def test_every_panel_uses_the_provisioned_data_source() -> None:
    (source,) = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())[
        "datasources"
    ]
    wanted = {"type": "prometheus", "uid": source["uid"]}
    panels = [p for p in dashboard()["panels"] if p["type"] != "row"]

    assert [p["title"] for p in panels if p["datasource"] != wanted] == []
    assert [p["title"] for p in panels for t in p["targets"] if t["datasource"] != wanted] == []


@pytest.mark.parametrize("query", queries())
def test_every_query_is_promql_about_series_that_exist(query: str) -> None:
    names = {s.name for s in selectors(parse(query))}
    jobs = {
        m.value for s in selectors(parse(query)) for m in s.matchers.matchers if m.name == "job"
    }

    assert names
    assert {n for n in names if n.startswith("gridlens_")} - gridlens_series() == set()
    assert jobs <= {job["job_name"] for job in prometheus()["scrape_configs"]}


def test_selector_walk_finds_every_series_of_a_ratio() -> None:
    query = 'sum(rate(a_total{x="1"}[1m])) / clamp_min(sum(rate(b_total[1m])), 1)'

    assert {s.name for s in selectors(parse(query))} == {"a_total", "b_total"}


def test_the_dashboard_covers_traffic_ingestion_and_the_database() -> None:
    titles = {p["title"] for p in dashboard()["panels"]}

    assert titles >= {
        "Request rate by route",
        "Latency percentiles",
        "Error rate by route",
        "Files ingested by outcome",
        "Rows loaded and rejected",
        "Failed ingestions",
        "Connection pool in use",
        "Rows loaded per second",
        "Ingestion duration",
        "Runs queued and running",
        "Longest running run",
        "Alerts firing",
        "Alert states",
        "Alert history",
    }
    assert dashboard()["uid"] == "gridlens"


def test_panels_have_unique_ids_and_do_not_overlap() -> None:
    panels = dashboard()["panels"]
    cells = [
        (x, y)
        for p in panels
        for x in range(p["gridPos"]["x"], p["gridPos"]["x"] + p["gridPos"]["w"])
        for y in range(p["gridPos"]["y"], p["gridPos"]["y"] + p["gridPos"]["h"])
    ]

    assert len({p["id"] for p in panels}) == len(panels)
    assert len(set(cells)) == len(cells)
    assert max(x for x, _ in cells) < 24


def test_the_dashboard_shows_every_alert_of_the_rules_by_state() -> None:
    alert_queries = [q for q in queries() if "ALERTS" in {s.name for s in selectors(parse(q))}]
    states = {
        m.value
        for q in alert_queries
        for s in selectors(parse(q))
        for m in s.matchers.matchers
        if m.name == "alertstate"
    }

    assert len(alert_queries) == 3
    assert states == {"pending", "firing"}
    # No alert is filtered out by name: every rule of monitoring/alerts.yml shows up.
    assert [
        m.name for q in alert_queries for s in selectors(parse(q)) for m in s.matchers.matchers
    ] == ["alertstate", "alertstate", "alertstate"]
