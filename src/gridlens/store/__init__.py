"""Object storage for source CSVs: a local folder or any S3-compatible store, one interface.

S3Store lives in gridlens.store.s3, imported only where S3 is used: boto3 is slow to import.
"""

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

__all__ = [
    "InvalidKey",
    "LocalStore",
    "ObjectNotFound",
    "ObjectStore",
    "StoreError",
    "StoreUnavailable",
    "StoredObject",
    "open_store",
    "resolve",
]
