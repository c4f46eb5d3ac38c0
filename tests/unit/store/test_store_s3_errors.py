"""How S3Store tells S3 failures: which object, which endpoint, what to do (no network)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError
from botocore.response import StreamingBody

from gridlens.store import ObjectNotFound, StoreError
from gridlens.store.s3 import S3Store
from gridlens.store.s3_client import store_error

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ENDPOINT = "http://minio.internal:9000"
WHERE = "s3://egrid/raw/2022.csv"


def client_error(code: str, operation: str = "GetObject") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": f"{code} happened"}}, operation)


def told(exc: Exception, *, bucket_call: bool = False) -> StoreError:
    return store_error(exc, where=WHERE, endpoint=ENDPOINT, bucket="egrid", bucket_call=bucket_call)


@pytest.mark.parametrize("code", ["NoSuchKey", "404", "NotFound"])
def test_missing_object_is_object_not_found(code: str) -> None:
    error = told(client_error(code))
    assert isinstance(error, ObjectNotFound)
    assert str(error).startswith(f"{WHERE}: no such object at {ENDPOINT}")


@pytest.mark.parametrize(("code", "bucket_call"), [("NoSuchBucket", False), ("404", True)])
def test_missing_bucket_says_to_create_it(code: str, bucket_call: bool) -> None:
    error = told(client_error(code), bucket_call=bucket_call)
    assert type(error) is StoreError
    assert "bucket 'egrid' does not exist at http://minio.internal:9000; create it" in str(error)


@pytest.mark.parametrize("code", ["AccessDenied", "403", "InvalidAccessKeyId"])
def test_refused_access_points_at_the_credentials(code: str) -> None:
    assert f"refused access ({code}); check AWS_ACCESS_KEY_ID" in str(told(client_error(code)))


def test_other_answers_keep_the_code_and_message() -> None:
    assert str(told(client_error("SlowDown"))) == (
        f"{WHERE}: {ENDPOINT} answered SlowDown: SlowDown happened"
    )


def test_unreachable_endpoint_and_missing_credentials_say_what_to_set() -> None:
    unreachable = str(told(EndpointConnectionError(endpoint_url=ENDPOINT)))
    assert unreachable.startswith(f"{WHERE}: cannot reach the S3 endpoint {ENDPOINT}")
    assert "AWS_ENDPOINT_URL" in unreachable
    assert "set AWS_ACCESS_KEY_ID" in str(told(NoCredentialsError()))


def test_a_body_cut_short_is_a_store_error_not_a_short_file() -> None:
    data = b"YEAR,ORISPL\r\n2022,3\r\n"
    body = StreamingBody(io.BytesIO(data[:15]), content_length=len(data))
    client: Any = SimpleNamespace(
        get_object=lambda **_: {"Body": body}, meta=SimpleNamespace(endpoint_url=ENDPOINT)
    )
    store = S3Store("egrid", "raw", client=cast("S3Client", client))
    with pytest.raises(StoreError, match=f"^{WHERE}: the download from {ENDPOINT} broke off"):
        store.open("2022.csv").read()
