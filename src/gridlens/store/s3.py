"""A bucket and prefix in any S3-compatible store (AWS S3, MinIO) as an object store."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO

from boto3.s3.transfer import TransferConfig

from gridlens.store.base import StoredObject, StoreError, check_key
from gridlens.store.s3_client import S3Failure, make_client, store_error

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer
    from botocore.response import StreamingBody
    from mypy_boto3_s3 import S3Client

MiB = 1 << 20
# Parts are held in memory while they upload: about concurrency x chunk size at most.
DEFAULT_TRANSFER = TransferConfig(
    multipart_threshold=16 * MiB, multipart_chunksize=16 * MiB, max_concurrency=4
)


class S3Store:
    """Objects under s3://bucket/prefix/; keys are relative to the prefix."""

    page_size = 1000  # keys per list request; the S3 maximum

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        client: S3Client | None = None,
        transfer: TransferConfig | None = None,
    ) -> None:
        if not bucket:
            raise StoreError("an S3 store needs a bucket: s3://bucket/prefix/")
        prefix = prefix.strip("/")
        self.bucket = bucket
        self.prefix = f"{check_key(prefix)}/" if prefix else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        self.client = client or make_client()
        self.transfer = transfer or DEFAULT_TRANSFER

    def uri(self, key: str) -> str:
        return f"{self.url}{key}"

    def list_csv(self) -> list[StoredObject]:
        found: list[StoredObject] = []
        with self._errors(None):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket,
                Prefix=self.prefix,
                PaginationConfig={"PageSize": self.page_size},
            )
            for page in pages:
                for obj in page.get("Contents", []):
                    key = obj["Key"][len(self.prefix) :]
                    if key.lower().endswith(".csv"):
                        found.append(StoredObject(key, obj["Size"], obj["LastModified"]))
        return sorted(found, key=lambda obj: obj.key)

    def open(self, key: str) -> BinaryIO:
        with self._errors(key):
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        return io.BufferedReader(_Body(body, lambda exc: self._failure(exc, key)))

    def stat(self, key: str) -> StoredObject:
        with self._errors(key):
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        return StoredObject(key, head["ContentLength"], head["LastModified"])

    def put(self, key: str, data: BinaryIO, size: int | None = None) -> StoredObject:
        with self._errors(key):
            self.client.upload_fileobj(data, self.bucket, self._key(key), Config=self.transfer)
        stored = self.stat(key)
        if size is not None and stored.size != size:
            # A short object would be read later as if complete; better to have none.
            with self._errors(key):
                self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
            raise StoreError(
                f"{self.uri(key)}: got {stored.size} bytes but expected {size}; "
                "the upload was cut short, send it again"
            )
        return stored

    def check(self) -> None:
        with self._errors(None):
            self.client.head_bucket(Bucket=self.bucket)

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _failure(self, exc: Exception, key: str | None) -> StoreError:
        return store_error(
            exc,
            where=self.url if key is None else self.uri(key),
            endpoint=self.client.meta.endpoint_url,
            bucket=self.bucket,
            bucket_call=key is None,
        )

    @contextmanager
    def _errors(self, key: str | None) -> Iterator[None]:
        try:
            yield
        except S3Failure as exc:
            raise self._failure(exc, key) from exc


class _Body(io.RawIOBase):
    """An S3 response body as a raw stream whose failures mid-read arrive as StoreError."""

    def __init__(self, body: StreamingBody, failure: Callable[[Exception], StoreError]) -> None:
        super().__init__()
        self._body = body
        self._failure = failure

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        try:
            chunk = self._body.read(len(view))
        except S3Failure as exc:
            raise self._failure(exc) from exc
        view[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()
