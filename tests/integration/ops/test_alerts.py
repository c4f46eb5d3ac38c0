"""monitoring/alerts.yml and Alertmanager's config: promtool's unit tests, runbooks, wiring."""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.integration.ops.files import MONITORING, compose, run, service
from tests.integration.ops.test_monitoring import gridlens_series, parse, prometheus, selectors
from tests.needs import missing

ALERTS = MONITORING / "alerts.yml"
RULE_TESTS = Path(__file__).parent / "rules" / "alerts.test.yml"
OPERATIONS = ROOT / "docs" / "operations.md"
START_SCRIPT = ROOT / "docker" / "alertmanager-start.sh"
PLACEHOLDER = "http://alert-webhook.invalid/"


def binary(name: str, package: str) -> str:
    found = shutil.which(name)
    if not found:
        missing(f"{name} is not installed (Debian: apt-get install {package})")
    return found


@cache
def rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def alert_names() -> set[str]:
    return {rule["alert"] for rule in rules()}


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    headings = re.findall(r"^#+ (.+)$", prose, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_promtool_accepts_the_rules() -> None:
    result = run(binary("promtool", "prometheus"), "check", "rules", str(ALERTS))

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(rules())} rules found" in result.stdout


def test_each_alert_fires_and_keeps_quiet_as_its_unit_tests_say() -> None:
    result = run(binary("promtool", "prometheus"), "test", "rules", str(RULE_TESTS))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split()[-1] == "SUCCESS"


def test_every_alert_has_a_test_where_it_fires_and_one_where_it_does_not() -> None:
    cases = [
        case
        for test in yaml.safe_load(RULE_TESTS.read_text())["tests"]
        for case in test["alert_rule_test"]
    ]

    assert {c["alertname"] for c in cases if c["exp_alerts"]} == alert_names()
    assert {c["alertname"] for c in cases if not c["exp_alerts"]} == alert_names()


def test_the_rules_cover_what_operators_must_hear_about() -> None:
    assert alert_names() == {
        "GridlensHighErrorRatio",
        "GridlensSlowRequests",
        "GridlensDependencyUnreachable",
        "GridlensIngestionFailed",
        "GridlensIngestionTooLong",
        "GridlensIngestionStuckInQueue",
        "GridlensEventsFailing",
        "TargetDown",
        "ServiceRestarting",
        "PostgresDown",
        "PostgresConnectionsNearLimit",
        "PostgresDiskNearFull",
    }


@pytest.mark.parametrize("name", sorted(alert_names()))
def test_every_alert_has_a_severity_a_summary_and_a_runbook_section(name: str) -> None:
    (rule,) = [r for r in rules() if r["alert"] == name]

    assert rule["labels"]["severity"] in {"warning", "critical"}
    assert rule["annotations"]["summary"]
    assert rule["annotations"]["runbook"] == f"docs/operations.md#{name.lower()}"
    assert name.lower() in anchors(OPERATIONS.read_text())


def test_anchors_follow_githubs_rules() -> None:
    markdown = (
        "# Alerts\n### GridlensHighErrorRatio\n```sh\n# a comment\n```\n## Where things are\n"
    )

    assert anchors(markdown) == {
        "alerts",
        "gridlenshigherrorratio",
        "where-things-are",
    }


def test_alerts_read_only_gridlens_series_that_exist() -> None:
    used = {s.name for rule in rules() for s in selectors(parse(rule["expr"]))}
    ours = {name for name in used if name.startswith("gridlens_")}

    assert ours - gridlens_series() == set()
    assert ours == {
        "gridlens_http_requests_total",
        "gridlens_http_request_duration_seconds_bucket",
        "gridlens_ready",
        "gridlens_ingestion_runs_total",
        "gridlens_ingestion_oldest_running_seconds",
        "gridlens_ingestion_runs_open",
        "gridlens_s3_events_total",
    }


def test_prometheus_loads_the_rules_and_notifies_alertmanager() -> None:
    config = prometheus()
    (alertmanagers,) = config["alerting"]["alertmanagers"]
    targets = {
        job["job_name"]: job["static_configs"][0]["targets"]
        for job in config["scrape_configs"]
        if "static_configs" in job
    }

    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    assert (
        "./monitoring/alerts.yml:/etc/prometheus/alerts.yml:ro" in service("prometheus")["volumes"]
    )
    assert alertmanagers["static_configs"][0]["targets"] == ["alertmanager:9093"]
    assert targets["postgres"] == ["postgres-exporter:9187"]
    assert targets["node"] == ["node-exporter:9100"]
    assert service("postgres-exporter")["expose"] == ["9187"]
    assert service("node-exporter")["expose"] == ["9100"]
    assert "postgres-data:/pgdata:ro" in service("node-exporter")["volumes"]


def test_alertmanager_posts_to_the_webhook_url_from_env(tmp_path: Path) -> None:
    amtool = binary("amtool", "prometheus-alertmanager")
    url = "https://hooks.example.org/alerts?token=a1&team=grid|ops"
    rendered = tmp_path / "alertmanager.yml"
    env = os.environ | {
        "ALERT_WEBHOOK_URL": url,
        "ALERTMANAGER_TEMPLATE": str(MONITORING / "alertmanager.yml"),
        "ALERTMANAGER_RENDERED": str(rendered),
    }

    result = run("sh", str(START_SCRIPT), amtool, "check-config", str(rendered), env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load(rendered.read_text())["receivers"] == [
        {"name": "webhook", "webhook_configs": [{"url": url, "send_resolved": True}]}
    ]
    alertmanager = service("alertmanager")
    assert alertmanager["environment"]["ALERT_WEBHOOK_URL"] == (
        "${GRIDLENS_ALERT_WEBHOOK_URL:-" + PLACEHOLDER + "}"
    )
    assert alertmanager["entrypoint"] == ["/bin/sh", "/alertmanager-start.sh"]
    assert alertmanager["command"][:2] == [
        "/bin/alertmanager",
        "--config.file=/tmp/alertmanager.yml",
    ]


def test_alertmanager_does_not_start_without_a_webhook_url(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ALERT_WEBHOOK_URL"} | {
        "ALERTMANAGER_TEMPLATE": str(MONITORING / "alertmanager.yml"),
        "ALERTMANAGER_RENDERED": str(tmp_path / "alertmanager.yml"),
    }

    result = run("sh", str(START_SCRIPT), "true", env=env)

    assert result.returncode != 0
    assert "set GRIDLENS_ALERT_WEBHOOK_URL in .env" in result.stderr
    assert not (tmp_path / "alertmanager.yml").exists()


def test_the_alertmanager_start_script_passes_shellcheck() -> None:
    from tests.integration.ops.files import tool

    result = run(tool("shellcheck"), "--shell=sh", str(START_SCRIPT))

    assert result.returncode == 0, result.stdout
    assert set(compose()["volumes"]) >= {"alertmanager-data"}
