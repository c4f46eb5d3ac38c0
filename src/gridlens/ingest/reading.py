"""A binary stream that hashes and counts the bytes it hands out, line by line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

READ_BYTES = 1 << 20


class HashingLines:
    """Lines of a stream (endings kept), with the SHA-256 and size of everything read."""

    def __init__(self, stream: BinaryIO, on_bytes: Callable[[int], None] | None = None) -> None:
        self._stream = stream
        self._sha = hashlib.sha256()
        self._on_bytes = on_bytes
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        pending = b""
        for block in self.blocks():
            lines = (pending + block).split(b"\n")
            pending = lines.pop()
            for line in lines:
                yield line + b"\n"
        if pending:
            yield pending

    def blocks(self) -> Iterator[bytes]:
        """The stream as read, in blocks of up to READ_BYTES (for readers that split it)."""
        while block := self._stream.read(READ_BYTES):
            self._sha.update(block)
            self.size += len(block)
            if self._on_bytes is not None:
                self._on_bytes(len(block))
            yield block

    def sha256(self) -> str:
        return self._sha.hexdigest()


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    """SHA-256 and size of a whole stream, read in bounded blocks."""
    sha = hashlib.sha256()
    size = 0
    while block := stream.read(READ_BYTES):
        sha.update(block)
        size += len(block)
    return sha.hexdigest(), size
