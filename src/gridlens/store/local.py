"""A folder on this machine as an object store: keys are POSIX paths under the root."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from gridlens.store.base import CHUNK_BYTES, ObjectNotFound, StoredObject, StoreError, check_key


class LocalStore:
    """The embedded default store (./var/store), also any folder a CLI argument points into."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()
        self.url = self.root.as_uri()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.url}: cannot create the store folder ({exc.strerror or exc}); "
                "create it or point GRIDLENS_STORE_URL elsewhere"
            ) from exc

    def uri(self, key: str) -> str:
        return self._path(key).as_uri()

    def list_csv(self) -> list[StoredObject]:
        try:
            found = [
                self._stored(path)
                for path in self.root.rglob("*")
                if path.suffix.lower() == ".csv" and path.is_file()
            ]
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot list the folder ({exc.strerror or exc})") from exc
        return sorted(found, key=lambda obj: obj.key)

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise self._not_found(key) from exc
        except OSError as exc:
            raise StoreError(f"{self.uri(key)}: cannot read ({exc.strerror or exc})") from exc

    def stat(self, key: str) -> StoredObject:
        path = self._path(key)
        try:
            if not path.is_file():
                raise self._not_found(key)
            return self._stored(path)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # no object can have such a name
                raise self._not_found(key) from exc
            raise StoreError(f"{self.uri(key)}: cannot stat ({exc.strerror or exc})") from exc

    def put(self, key: str, data: BinaryIO, size: int | None = None) -> StoredObject:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Same folder as the target, so the rename is atomic: readers never see half a file.
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            part = Path(name)
            try:
                with os.fdopen(fd, "wb") as out:
                    shutil.copyfileobj(data, out, CHUNK_BYTES)
                    out.flush()
                    os.fsync(out.fileno())
                written = part.stat().st_size
                if size is not None and written != size:
                    raise StoreError(
                        f"{self.uri(key)}: got {written} bytes but expected {size}; "
                        "the upload was cut short, send it again"
                    )
                part.chmod(0o644)  # mkstemp makes 0600; other readers (a server user) need 0644
                part.replace(path)
            except BaseException:
                part.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreError(
                f"{self.uri(key)}: cannot write ({exc.strerror or exc}); "
                "check the folder is writable"
            ) from exc
        return self.stat(key)

    def check(self) -> None:
        if not self.root.is_dir() or not os.access(self.root, os.R_OK | os.X_OK):
            raise StoreError(f"{self.url}: the store folder is missing or not readable")

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _stored(self, path: Path) -> StoredObject:
        st = path.stat()
        return StoredObject(
            key=path.relative_to(self.root).as_posix(),
            size=st.st_size,
            modified=datetime.fromtimestamp(st.st_mtime, tz=UTC),
        )

    def _not_found(self, key: str) -> ObjectNotFound:
        return ObjectNotFound(
            f"{self.uri(key)}: no such file in the store {self.url}; "
            "check the key or list the store to see what is there"
        )
