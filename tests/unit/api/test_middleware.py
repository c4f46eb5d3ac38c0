"""Request ids and route labels, the two things every request carries into logs and metrics."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from gridlens.api.middleware import request_id, route_label
from tests.unit.api.conftest import MakeApp


def scope_with(header: bytes | None) -> dict[str, object]:
    headers = [(b"x-request-id", header)] if header is not None else []
    return {"type": "http", "headers": headers}


def test_a_plain_request_id_is_kept() -> None:
    assert request_id(scope_with(b"edge-7f3a.42:1")) == "edge-7f3a.42:1"


@pytest.mark.parametrize("header", [None, b"", b"has space", b"new\nline", b"x" * 129])
def test_a_missing_or_unsafe_request_id_is_replaced(header: bytes | None) -> None:
    generated = request_id(scope_with(header))

    assert len(generated) == 32
    assert int(generated, 16) >= 0


def test_route_label_without_a_match_is_unmatched() -> None:
    assert route_label({"type": "http"}) == "unmatched"


def test_request_id_is_echoed_or_generated(make_app: MakeApp) -> None:
    client = TestClient(make_app())

    echoed = client.get("/healthz", headers={"X-Request-ID": "trace-1"})
    generated = client.get("/healthz")

    assert echoed.headers["x-request-id"] == "trace-1"
    assert len(generated.headers["x-request-id"]) == 32


def test_unmatched_paths_share_one_label(make_app: MakeApp) -> None:
    client = TestClient(make_app())
    labels = {"method": "GET", "route": "unmatched", "status": "404"}
    before = REGISTRY.get_sample_value("gridlens_http_requests_total", labels) or 0.0

    client.get("/wp-login.php")
    client.get("/api/v1/no/such/thing")

    assert REGISTRY.get_sample_value("gridlens_http_requests_total", labels) == before + 2
    assert "wp-login" not in client.get("/metrics").text


def test_unusual_methods_share_one_label(make_app: MakeApp) -> None:
    client = TestClient(make_app())
    labels = {"method": "OTHER", "route": "/healthz", "status": "405"}
    before = REGISTRY.get_sample_value("gridlens_http_requests_total", labels) or 0.0

    client.request("PROPFIND", "/healthz")

    assert REGISTRY.get_sample_value("gridlens_http_requests_total", labels) == before + 1
