"""Pytest plugin: a real S3 HTTP endpoint (moto in server mode) for the tests marked s3."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import boto3
import pytest

from tests.needs import missing

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

START_TIMEOUT_S = 10.0
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    # A developer's ~/.aws must not steer the tests (or leak real credentials to them).
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server on 127.0.0.1, with AWS_* variables pointing at it."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:
        missing(f"moto[server] is not installed ({exc}); run `uv sync`")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    # start() waits forever if the server thread dies, so wait for it from another thread.
    starter = threading.Thread(target=server.start, daemon=True)
    starter.start()
    starter.join(START_TIMEOUT_S)
    if starter.is_alive():
        missing(f"the moto S3 server did not start within {START_TIMEOUT_S:.0f} s")
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        with pytest.MonkeyPatch.context() as env:
            for name in UNSET:
                env.delenv(name, raising=False)
            for name, value in {**CREDENTIALS, "AWS_ENDPOINT_URL": endpoint}.items():
                env.setenv(name, value)
            yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> Iterator[str]:
    """A fresh, empty bucket on the test endpoint, emptied and removed after the test."""
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    name = f"gridlens-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    yield name
    # The server keeps objects in memory for the whole session: drop the multi-MB ones now.
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        keys: list[ObjectIdentifierTypeDef] = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=name, Delete={"Objects": keys})
    client.delete_bucket(Bucket=name)
