"""Turn GRIDLENS_STORE_URL or a CLI argument into a store (and a key in it)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gridlens.store.base import ObjectNotFound, ObjectStore, StoreError, check_key
from gridlens.store.local import LocalStore

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_BUCKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def open_store(url: str) -> ObjectStore:
    """The store url names: s3://bucket/prefix/, file:///abs/path, or a plain folder path."""
    scheme = _scheme(url)
    if scheme == "s3":
        from gridlens.store.s3 import S3Store  # boto3 only when S3 is asked for

        bucket, prefix = _split_s3(url)
        return S3Store(bucket, prefix)
    if scheme == "file":
        return LocalStore(_file_path(url))
    if scheme:
        raise StoreError(f"unsupported store URL {url!r}: use s3://bucket/prefix/ or a folder")
    if not url.strip():
        raise StoreError("empty store URL: use s3://bucket/prefix/ or a folder such as ./var/store")
    return LocalStore(Path(url))


def resolve(spec: str, default: ObjectStore) -> tuple[ObjectStore, str]:
    """The store and key a CLI argument names: an s3:// URI, an existing file, or a default key."""
    scheme = _scheme(spec)
    if scheme == "s3":
        bucket, key = _split_s3(spec)
        # The same credentials and endpoint serve every bucket, so reuse a client when there is one.
        from gridlens.store.s3 import S3Store

        client = default.client if isinstance(default, S3Store) else None
        return S3Store(bucket, client=client), _object_key(spec, key)
    if scheme == "file":
        path = _file_path(spec)
        if not path.is_file():
            raise ObjectNotFound(f"{spec}: no such file")
        return LocalStore(path.parent), path.name
    if scheme:
        raise StoreError(f"unsupported address {spec!r}: use s3://bucket/key, a file, or a key")
    path = Path(spec).expanduser()
    if path.is_file():
        return LocalStore(path.resolve().parent), path.name
    return default, spec


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _split_s3(url: str) -> tuple[str, str]:
    # Split by hand, as the AWS CLI does: keys may hold '%', '?' or '#' literally.
    bucket, _, path = url[len("s3://") :].partition("/")
    if not _BUCKET.match(bucket):
        raise StoreError(
            f"invalid S3 address {url!r}: use s3://bucket/prefix/ (the endpoint and "
            "credentials come from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"
        )
    return bucket, path


def _object_key(spec: str, key: str) -> str:
    if not key or key.endswith("/"):
        raise StoreError(f"{spec!r} names a folder, not an object: add the file name")
    return check_key(key)


def _file_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        raise StoreError(f"invalid file URL {url!r}: use file:///absolute/path")
    return Path(unquote(parts.path))
