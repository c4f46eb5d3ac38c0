"""An S3 client from the standard AWS_* variables, and its failures told as StoreError."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import boto3
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    IncompleteReadError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
    ResponseStreamingError,
)
from botocore.exceptions import ConnectionError as EndpointUnreachable

from gridlens.store.base import ObjectNotFound, StoreError, StoreUnavailable

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

DEFAULT_REGION = "us-east-1"
CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 10.0  # per socket read, not per object: large downloads are fine
MAX_ATTEMPTS = 3

S3Failure = (BotoCoreError, ClientError, S3UploadFailedError)
_MISSING = frozenset({"NoSuchKey", "404", "NotFound"})
_DENIED = frozenset(
    {"AccessDenied", "403", "Forbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch"}
)


def custom_endpoint() -> str | None:
    """The endpoint AWS_ENDPOINT_URL(_S3) names (MinIO and friends), None for AWS itself."""
    return os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or None


def make_client(
    *,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    read_timeout_s: float = READ_TIMEOUT_S,
    max_attempts: int = MAX_ATTEMPTS,
) -> S3Client:
    """An S3 client; boto3 reads the endpoint and credentials from the AWS_* variables itself."""
    session = boto3.session.Session()
    # botocore reads only AWS_DEFAULT_REGION; AWS_REGION is what the other AWS SDKs document.
    region = os.environ.get("AWS_REGION") or session.region_name or DEFAULT_REGION
    config = Config(
        region_name=region,
        connect_timeout=connect_timeout_s,
        read_timeout=read_timeout_s,
        retries={"max_attempts": max_attempts, "mode": "standard"},
        # MinIO serves buckets as paths unless it is set up with wildcard DNS; AWS prefers hosts.
        s3={"addressing_style": "path"} if custom_endpoint() else None,
    )
    return session.client("s3", config=config)


def store_error(
    exc: Exception, *, where: str, endpoint: str, bucket: str, bucket_call: bool = False
) -> StoreError:
    """The StoreError to raise for exc, naming the object, the endpoint and what to do."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        if code == "NoSuchBucket" or (bucket_call and code in _MISSING):
            return StoreError(
                f"{where}: bucket {bucket!r} does not exist at {endpoint}; "
                "create it or fix GRIDLENS_STORE_URL"
            )
        if code in _MISSING:
            return ObjectNotFound(
                f"{where}: no such object at {endpoint}; "
                "check the key or list the store to see what is there"
            )
        if code in _DENIED:
            return StoreError(
                f"{where}: {endpoint} refused access ({code}); check AWS_ACCESS_KEY_ID, "
                "AWS_SECRET_ACCESS_KEY and the bucket policy"
            )
        return StoreError(f"{where}: {endpoint} answered {code}: {error.get('Message', exc)}")
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return StoreError(
            f"{where}: no usable S3 credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    if isinstance(exc, EndpointUnreachable):
        return StoreUnavailable(
            f"{where}: cannot reach the S3 endpoint {endpoint} ({exc}); check that it is "
            "running and that AWS_ENDPOINT_URL points at it"
        )
    if isinstance(exc, IncompleteReadError | ResponseStreamingError):
        return StoreUnavailable(
            f"{where}: the download from {endpoint} broke off ({exc}); try again"
        )
    if isinstance(exc, ReadTimeoutError):
        return StoreUnavailable(f"{where}: {endpoint} stopped answering ({exc}); try again")
    if isinstance(exc, HTTPClientError):
        return StoreUnavailable(
            f"{where}: the connection to {endpoint} failed ({exc}); check that it is running"
        )
    return StoreError(f"{where}: S3 request to {endpoint} failed ({exc})")
