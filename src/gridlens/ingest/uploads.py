"""Uploaded files: refuse what is not a generator sheet or plant-locations CSV, name it safely,
store it streaming."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime
from typing import BinaryIO

from gridlens.egrid.locations import LocationReader, is_locations_header
from gridlens.egrid.sheet import SheetError, read_header_of
from gridlens.outcomes import ErrorCode
from gridlens.store.base import ObjectStore, StoredObject

SNIFF_BYTES = 64 << 10
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(Exception):
    """The upload is not something gridlens can ingest; the message says what to do, the code
    is the run record's code for the same refusal (clients act on it, not on the words)."""

    def __init__(self, message: str, *, code: ErrorCode, status: int = 415) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def too_large(name: str | None, limit_mb: int) -> UploadRefused:
    return UploadRefused(
        f"{name} is larger than the {limit_mb} MB upload limit (GRIDLENS_UPLOAD_MAX_MB)",
        code=ErrorCode.TOO_LARGE,
        status=413,
    )


def upload_key(filename: str | None, now: datetime | None = None) -> str:
    """uploads/YYYY/MM/DD/<uuid>-<safe-name>.csv: the server's name, never a client path."""
    now = now or datetime.now(UTC)
    stem = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    stem = re.sub(r"\.csv$", "", stem, flags=re.IGNORECASE)
    safe = _SAFE.sub("-", stem).strip(".-")[:64] or "upload"
    return f"uploads/{now:%Y/%m/%d}/{uuid.uuid4().hex}-{safe}.csv"


def sniff(head: bytes, name: str) -> None:
    """Refuse, from the first bytes, what cannot be a generator sheet or plant-locations CSV."""
    if not head:
        raise UploadRefused(f"{name} is empty", code=ErrorCode.EMPTY_FILE, status=400)
    not_text = ErrorCode.NOT_TEXT
    if head.startswith(b"PK\x03\x04"):
        raise UploadRefused(
            f"{name} is an Excel workbook (.xlsx), not CSV: open it, select the GEN sheet and "
            "save it as CSV (or run `gridlens egrid fetch` for EPA's workbook)",
            code=not_text,
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(
            f"{name} is an old Excel workbook (.xls), not CSV: save it as CSV", code=not_text
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRefused(f"{name} is UTF-16 text: save it as CSV in UTF-8", code=not_text)
    if b"\x00" in head:
        raise UploadRefused(f"{name} holds binary data, not CSV text", code=not_text)
    lines = head.splitlines(keepends=True)
    if len(head) == SNIFF_BYTES and len(lines) > 1:
        lines.pop()  # a line cut off by the sniff window would look malformed
    locations = is_locations_header(lines[0])
    try:
        if locations:
            LocationReader(lines, name)
        else:
            read_header_of(lines, name)
    except SheetError as error:
        what = "an EIA plant-locations file" if locations else "an eGRID generator sheet"
        raise UploadRefused(f"not {what}: {error}", code=error.code, status=422) from error


class _Counting:
    """A read-through stream that hashes, counts, and stops at the size limit."""

    def __init__(self, stream: BinaryIO, head: bytes, limit: int, name: str) -> None:
        self._stream, self._pending, self._limit, self._name = stream, head, limit, name
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        # Whole reads: S3 uploaders take a short read for the end of the stream.
        want = n if n is not None and n >= 0 else 1 << 62
        parts, got = [], 0
        while got < want:
            if self._pending:
                part, self._pending = self._pending[: want - got], self._pending[want - got :]
            else:
                part = self._stream.read(min(want - got, 1 << 20))
            if not part:
                break
            parts.append(part)
            got += len(part)
        block = b"".join(parts)
        self.size += len(block)
        if self.size > self._limit:
            raise too_large(self._name, self._limit >> 20)
        self.sha.update(block)
        return block


def store_upload(
    store: ObjectStore, stream: BinaryIO, filename: str | None, limit_bytes: int
) -> tuple[StoredObject, str]:
    """Check and stream an upload into the store; returns what was stored and its SHA-256."""
    name = filename or "the upload"
    head = stream.read(SNIFF_BYTES)
    sniff(head, name)
    counting = _Counting(stream, head, limit_bytes, name)
    stored = store.put(upload_key(filename), counting)  # type: ignore[arg-type]
    return stored, counting.sha.hexdigest()
