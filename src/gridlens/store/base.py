"""The interface every object store offers: list CSV objects, stream one, put one."""

from __future__ import annotations

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
