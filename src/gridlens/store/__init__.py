"""Object storage for source CSVs: a local folder or any S3-compatible store, one interface."""

from gridlens.store.base import (
    InvalidKey,
    ObjectNotFound,
    ObjectStore,
    StoredObject,
    StoreError,
    StoreUnavailable,
)
from gridlens.store.factory import open_store, resolve
from gridlens.store.local import LocalStore
from gridlens.store.s3 import S3Store

__all__ = [
    "InvalidKey",
    "LocalStore",
    "ObjectNotFound",
    "ObjectStore",
    "S3Store",
    "StoreError",
    "StoreUnavailable",
    "StoredObject",
    "open_store",
    "resolve",
]
