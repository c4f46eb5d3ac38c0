"""The API scales by replicas: two `gridlens serve` behind nginx, one killed, no request lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gridlens.auth import users
from gridlens.db.engine import session_scope
from tests.conftest import create_pg_database, drop_pg_database
from tests.integration.ingest.helpers import ingest_file
from tests.integration.ingest.sheets import plants_sheet
from tests.integration.ops.processes import free_port, gridlens_serve, nginx, serve_env

REQUESTS_AFTER_KILL = 200
USER, PASSWORD = "operator", "scale-out-password-42"


def balancer(port: int, replicas: list[int]) -> str:
    """A load balancer set up as the web image's: skip a replica that fails, try the next."""
    servers = "\n".join(
        f"        server 127.0.0.1:{replica} max_fails=1 fail_timeout=2s;" for replica in replicas
    )
    return f"""
    upstream gridlens_api {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location = /nginx-healthz {{ return 200 "ok\\n"; }}
        location / {{
            proxy_pass http://gridlens_api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_connect_timeout 1s;
            proxy_read_timeout 10s;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
"""


def _alive(body: Any) -> bool:
    return bool(body == {"status": "ok"})


def _ready(body: Any) -> bool:
    return bool(body == {"status": "ready", "checks": {"database": "ok", "store": "ok"}})


def _years(body: Any) -> bool:
    return bool(body["latest"] == 2023 and [y["year"] for y in body["years"]] == [2023])


def _me(body: Any) -> bool:
    return bool(body["username"] == USER)


# Each path with what its body must be: /readyz asks PostgreSQL and the store every time,
# /api/v1/years reads the loaded data, /api/v1/auth/me checks the bearer token.
ROUTES: list[tuple[str, Callable[[Any], bool]]] = [
    ("/healthz", _alive),
    ("/readyz", _ready),
    ("/api/v1/years", _years),
    ("/api/v1/auth/me", _me),
]


def healthz_answered(replica: int) -> float:
    """How many /healthz requests this replica has answered, from its own /metrics."""
    text = httpx.get(f"http://127.0.0.1:{replica}/metrics").text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "gridlens_http_requests"
        for sample in family.samples
        if sample.name == "gridlens_http_requests_total" and sample.labels["route"] == "/healthz"
    )


@pytest.fixture
def database(pg_server: str, tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database at the current schema with a year loaded and one user."""
    from gridlens.db.migrate import upgrade

    url = create_pg_database(pg_server)
    upgrade(url)
    outcome = ingest_file(plants_sheet(tmp_path / "gen23.csv", 3), url)
    assert outcome.status == "succeeded", outcome.error
    with session_scope(url) as session:
        users.add(session, USER, PASSWORD, "viewer")
    yield url
    drop_pg_database(pg_server, url)


@pytest.mark.timeout(180)
def test_requests_keep_succeeding_when_a_replica_is_killed(database: str, tmp_path: Path) -> None:
    env = serve_env(database, tmp_path / "store")
    first, second, proxy = free_port(), free_port(), free_port()

    with (
        gridlens_serve([first, second], env, tmp_path) as (doomed, _survivor),
        nginx(balancer(proxy, [first, second]), tmp_path / "nginx", proxy),
        httpx.Client(base_url=f"http://127.0.0.1:{proxy}", timeout=10.0) as client,
    ):
        login = client.post("/api/v1/auth/token", data={"username": USER, "password": PASSWORD})
        assert login.status_code == 200, login.text
        bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        # One replica signed the token; both accept it: they share nothing but the secret.
        for replica in (first, second):
            me = httpx.get(f"http://127.0.0.1:{replica}/api/v1/auth/me", headers=bearer)
            assert (me.status_code, me.json()["username"]) == (200, USER)
        warmup = [client.get("/healthz").status_code for _ in range(20)]
        assert warmup == [200] * 20
        assert healthz_answered(first) > 0, "the balancer never used the first replica"
        assert healthz_answered(second) > 0, "the balancer never used the second replica"
        survivor_before = healthz_answered(second)

        doomed.kill()
        failures = []
        healthz_sent = 0
        for i in range(REQUESTS_AFTER_KILL):
            path, body_is_right = ROUTES[i % len(ROUTES)]
            healthz_sent += path == "/healthz"
            try:
                response = client.get(path, headers=bearer)
            except httpx.HTTPError as error:
                failures.append((i, path, repr(error)))
                continue
            if response.status_code != 200 or not body_is_right(response.json()):
                failures.append((i, path, f"{response.status_code} {response.text[:200]}"))
        survivor_answered = healthz_answered(second) - survivor_before
        error_log = (tmp_path / "nginx" / "error.log").read_text()

    assert failures == []
    # The survivor answered every /healthz sent after the kill, each exactly once.
    assert survivor_answered == healthz_sent
    # And nginx did meet the dead replica, and moved on from it.
    assert f'upstream: "http://127.0.0.1:{first}/' in error_log
    assert "Connection refused" in error_log
