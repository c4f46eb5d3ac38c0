"""Schemathesis, from outside, against a real `gridlens serve` signed in as a viewer and as the
admin: every check (conformance of status codes, headers, content types and bodies, refusal of
what the schema forbids, acceptance of what it allows, auth, resources), every phase (coverage,
fuzzing, stateful over the links it infers). GRIDLENS_FUZZ_EXAMPLES for a longer run."""

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

BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
ADMIN = ("fuzz-admin", "fuzz-admin-password")
VIEWER = ("fuzz-viewer", "fuzz-viewer-password")
EXAMPLES = os.environ.get("GRIDLENS_FUZZ_EXAMPLES", "25")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A real `gridlens serve` on SQLite with a synthetic year and a viewer; its URL.

    One per run: what a run creates (users, tokens, uploads) must not reach the next."""
    port = free_port()
    env = {
        **os.environ,
        "GRIDLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'fuzz.db'}",
        "GRIDLENS_STORE_URL": str(tmp_path / "store"),
        "GRIDLENS_WEB_DIST": str(tmp_path / "no-ui"),
        "GRIDLENS_ADMIN_USER": ADMIN[0],
        "GRIDLENS_ADMIN_PASSWORD": ADMIN[1],
        # The fuzzer signs in and calls far faster than a person; budgets would answer 429.
        "GRIDLENS_LOGIN_ATTEMPTS_PER_MINUTE": "100000",
        "GRIDLENS_API_RATE_PER_MINUTE": "1000000",
        "GRIDLENS_JWT_SECRET": "f" * 48,
        "GRIDLENS_LOG_FORMAT": "json",
    }

    def gridlens(*args: str, stdin: str | None = None) -> None:
        subprocess.run(
            [str(BIN / "gridlens"), *args],
            env=env,
            input=stdin,
            check=True,
            capture_output=True,
            text=True,
        )

    gridlens("sample", "--out", str(tmp_path / "store" / "synthetic.csv"), "--plants", "300")
    gridlens("ingest")
    gridlens("users", "add", VIEWER[0], "--role", "viewer", "--password-stdin", stdin=VIEWER[1])
    process = subprocess.Popen(
        [str(BIN / "gridlens"), "serve", "--port", str(port)],
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
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("user", "excluded"),
    [
        (VIEWER, []),
        # Disabling users could lock the fuzzer's own admin out of the rest of the run.
        (ADMIN, ["--exclude-path", "/api/v1/users/{username}/disable"]),
    ],
    ids=["viewer", "admin"],
)
def test_api_keeps_its_contract(
    server: str, user: tuple[str, str], excluded: list[str], tmp_path: Path
) -> None:
    token = httpx.post(
        f"{server}/api/v1/auth/token", data={"username": user[0], "password": user[1]}
    ).json()["access_token"]
    run = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "--config-file",
            str(CONFIG),
            "run",
            f"{server}/openapi.json",
            "--checks",
            "all",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            EXAMPLES,
            "--generation-database",
            "none",
            "--no-color",
            *excluded,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # where schemathesis keeps its cache (.schemathesis/)
    )
    assert run.returncode == 0, run.stdout + run.stderr
