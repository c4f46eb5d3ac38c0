"""Schemathesis fuzzes every operation of the real server, signed in: no 5xx, responses match."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gridlens.api.app import create_app
from gridlens.settings import Settings

GRIDLENS = Path(sys.executable).parent / "gridlens"
ADMIN = ("fuzz-admin", "fuzz-admin-password")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A real `gridlens serve` on SQLite with a small synthetic year loaded; (url, token)."""
    root = tmp_path_factory.mktemp("fuzz")
    port = free_port()
    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": f"sqlite:///{root / 'fuzz.db'}",
        "GRIDLENS_STORE_URL": str(root / "store"),
        "GRIDLENS_WEB_DIST": str(root / "no-ui"),
        "GRIDLENS_ADMIN_USER": ADMIN[0],
        "GRIDLENS_ADMIN_PASSWORD": ADMIN[1],
        "GRIDLENS_LOGIN_ATTEMPTS_PER_MINUTE": "100000",
        "GRIDLENS_JWT_SECRET": "f" * 48,
        "GRIDLENS_LOG_FORMAT": "json",
    }
    sheet = root / "store" / "synthetic.csv"
    subprocess.run(
        [str(GRIDLENS), "sample", "--out", str(sheet), "--plants", "300"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([str(GRIDLENS), "ingest"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [str(GRIDLENS), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = httpx.post(
            f"{url}/api/v1/auth/token", data={"username": ADMIN[0], "password": ADMIN[1]}
        ).json()["access_token"]
        yield url, token
    finally:
        process.terminate()
        process.wait(timeout=10)


# The schema the server publishes is the one its code builds; load it at collection time.
# Left out: disabling users could lock the fuzzer's own admin out of the rest of the run.
schema = schemathesis.openapi.from_dict(
    create_app(Settings(env="test", jwt_secret="f" * 48, embedded_worker=False)).openapi()
).exclude(path="/api/v1/users/{username}/disable")


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("GRIDLENS_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case: schemathesis.Case, server: tuple[str, str]) -> None:
    case.call_and_validate(
        base_url=server[0],
        headers={"Authorization": f"Bearer {server[1]}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
