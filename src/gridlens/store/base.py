"""The interface every object store offers: list CSV objects, stream one, put one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol

CHUNK_BYTES = 1 << 20  # one read from a store; bounds memory whatever the object's size


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    size: int
    modified: datetime | None = None


class StoreError(Exception):
    """The store could not be reached or answered with an error; the message names store and key."""


class StoreUnavailable(StoreError):
    """The store did not answer or broke off; trying again later may well succeed."""


class InvalidKey(StoreError):
    """The key is not a safe relative path; nothing was asked of the store."""


class ObjectNotFound(StoreError):
    """The named key does not exist in the store."""


class ObjectStore(Protocol):
    url: str  # where it points, without credentials, for logs and run records

    def list_csv(self) -> list[StoredObject]:
        """Every object whose key ends in .csv (any case), sorted by key."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of the object, read lazily in chunks (never whole in memory)."""
        ...

    def stat(self, key: str) -> StoredObject: ...

    def put(self, key: str, data: BinaryIO, size: int | None = None) -> StoredObject:
        """Stream data into key (multipart for large objects) and return what was stored."""
        ...

    def check(self) -> None:
        """Raise StoreError when the store is unreachable (for /readyz)."""
        ...

    def uri(self, key: str) -> str:
        """A full address of key (s3://bucket/prefix/key or file:///...)."""
        ...


class Readable(Protocol):
    """Anything with read(n): a file, a BytesIO, a botocore StreamingBody."""

    def read(self, size: int, /) -> bytes: ...


def check_key(key: str) -> str:
    """The key itself when it is a relative POSIX path that stays inside the store."""
    parts = key.split("/")
    # Empty, '.' and '..' segments would let one key name another object, or escape a folder.
    if not key or "\\" in key or "\0" in key or any(p in ("", ".", "..") for p in parts):
        raise InvalidKey(
            f"invalid key {key!r}: use a relative path such as 2022/egrid2022.csv, "
            "without '..', '.', '//', a leading or trailing '/', or backslashes"
        )
    return key


def iter_lines(stream: Readable, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Binary lines of a stream, LF or CRLF, each with its ending, read in bounded chunks."""
    head: list[bytes] = []  # pieces of a line that spans chunks, joined once it ends
    while chunk := stream.read(chunk_bytes):
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            line = chunk[start : end + 1]
            if head:
                head.append(line)
                line = b"".join(head)
                head.clear()
            yield line
            start = end + 1
        if start < len(chunk):
            head.append(chunk[start:])
    if head:
        yield b"".join(head)
