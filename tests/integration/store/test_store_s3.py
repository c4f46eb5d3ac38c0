"""S3Store against moto's S3 HTTP endpoint: the same requests MinIO and AWS answer."""

from __future__ import annotations

import io
import socket
from typing import TYPE_CHECKING

import boto3
import pytest
from boto3.s3.transfer import TransferConfig

from gridlens.store import ObjectNotFound, StoreError, open_store
from gridlens.store.s3 import S3Store
from gridlens.store.s3_client import make_client

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

pytestmark = pytest.mark.s3

MiB = 1 << 20


class OneWay(io.RawIOBase):
    """A stream that cannot seek, like a request body being uploaded."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self._data.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


def generator_lines(count: int) -> list[bytes]:
    """CSV lines, odd ones ending CRLF and even ones LF, as mixed exports sometimes are."""
    endings = (b"\n", b"\r\n")
    return [f"{i},{i % 57},GEN{i},{i * 1.25:.2f}".encode() + endings[i % 2] for i in range(count)]


def test_multipart_upload_streams_back_line_for_line(s3_bucket: str) -> None:
    lines = [b"PLANT,ORISPL,GENID,GENNTAN\r\n", *generator_lines(500_000)]
    data = b"".join(lines)
    assert len(data) > 12 * MiB
    small_parts = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
    store = S3Store(s3_bucket, "raw/", transfer=small_parts)

    stored = store.put("2022/gen.csv", io.BufferedReader(OneWay(data)), size=len(data))

    assert (stored.key, stored.size) == ("2022/gen.csv", len(data))
    head = store.client.head_object(Bucket=s3_bucket, Key="raw/2022/gen.csv")
    assert head["ETag"].endswith('-3"')  # three parts: the multipart path really ran
    with store.open("2022/gen.csv") as stream:
        assert stream.read() == b"".join(lines)


def test_store_url_from_the_environment_reaches_the_endpoint(
    s3_endpoint: str, s3_bucket: str
) -> None:
    store = open_store(f"s3://{s3_bucket}/raw/")
    assert isinstance(store, S3Store)
    assert store.client.meta.endpoint_url == s3_endpoint
    store.put("a.csv", io.BytesIO(b"YEAR\r\n2022\r\n"))
    raw = boto3.client("s3").get_object(Bucket=s3_bucket, Key="raw/a.csv")["Body"].read()
    assert raw == b"YEAR\r\n2022\r\n"
    assert store.uri("a.csv") == f"s3://{s3_bucket}/raw/a.csv"


def test_list_csv_sees_only_csv_under_the_prefix_across_pages(s3_bucket: str) -> None:
    client = boto3.client("s3")
    for key, body in {
        "raw/a.csv": b"a",
        "raw/sub/b.CSV": b"bb",
        "raw/notes.txt": b"n",
        "raw/sub/": b"",
        "raw/z.csv.gz": b"z",
        "raw/y.csv": b"yyyy",
        "rawdata.csv": b"outside",
        "other/c.csv": b"outside",
    }.items():
        client.put_object(Bucket=s3_bucket, Key=key, Body=body)
    store = S3Store(s3_bucket, "raw")
    store.page_size = 2

    listed = store.list_csv()

    assert [(obj.key, obj.size) for obj in listed] == [("a.csv", 1), ("sub/b.CSV", 2), ("y.csv", 4)]
    assert all(obj.modified is not None for obj in listed)


def test_missing_key_is_object_not_found_naming_endpoint(s3_endpoint: str, s3_bucket: str) -> None:
    store = S3Store(s3_bucket, "raw/")
    expected = f"s3://{s3_bucket}/raw/nope.csv: no such object at {s3_endpoint}"
    with pytest.raises(ObjectNotFound, match=expected):
        store.open("nope.csv")
    with pytest.raises(ObjectNotFound, match=expected):
        store.stat("nope.csv")


def test_missing_bucket_is_a_store_error_that_says_create_it(s3_endpoint: str) -> None:
    store = S3Store("gridlens-no-such-bucket", "raw/")
    for call in (store.check, store.list_csv, lambda: store.open("a.csv")):
        with pytest.raises(
            StoreError, match="bucket 'gridlens-no-such-bucket' does not exist"
        ) as e:
            call()
        assert not isinstance(e.value, ObjectNotFound)
        assert s3_endpoint in str(e.value)


def test_check_passes_for_an_existing_bucket(s3_bucket: str) -> None:
    S3Store(s3_bucket, "raw/").check()


def test_upload_shorter_than_announced_is_removed(s3_bucket: str) -> None:
    store = S3Store(s3_bucket, "raw/")
    with pytest.raises(StoreError, match="got 3 bytes but expected 10"):
        store.put("a.csv", io.BytesIO(b"abc"), size=10)
    with pytest.raises(ObjectNotFound):
        store.stat("a.csv")


@pytest.mark.timeout(20)
def test_endpoint_down_is_a_store_error_naming_it(
    s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", down)
    store = S3Store("egrid", "raw/", client=make_client(connect_timeout_s=1, max_attempts=1))
    for call in (store.check, store.list_csv, lambda: store.open("a.csv")):
        with pytest.raises(StoreError, match=f"cannot reach the S3 endpoint {down}") as e:
            call()
        assert "AWS_ENDPOINT_URL" in str(e.value)
