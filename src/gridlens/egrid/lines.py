"""Lines of a byte stream read in blocks: one at a time, or the rest in blocks of whole lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class BlockLines:
    """Iterates lines (endings kept, split at LF) and hands out whole lines in bulk on request.

    lines_out counts every line handed out either way, so a reader of lines and a reader of
    blocks can share one stream and agree on line numbers.
    """

    def __init__(self, blocks: Iterable[bytes]) -> None:
        self._blocks = iter(blocks)
        self._buffer = b""
        self._at = 0  # start of what is not handed out yet in _buffer
        self._ended = False
        self.lines_out = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        end = self._buffer.find(b"\n", self._at)
        while end < 0:
            searched = len(self._buffer) - self._at
            if not self._gather(searched + 1):
                if self._at == len(self._buffer):
                    raise StopIteration
                end = len(self._buffer) - 1  # the last line, without an ending
                break
            end = self._buffer.find(b"\n", self._at + searched)
        line = self._buffer[self._at : end + 1]
        self._at = end + 1
        self.lines_out += 1
        return line

    def block(self, size: int) -> bytes:
        """The next whole lines, about size bytes of them (a longer line whole); b"" at the end."""
        self._gather(size)
        buffer, start = self._buffer, self._at
        if self._ended and len(buffer) - start <= size:
            cut = len(buffer)
        else:
            cut = buffer.rfind(b"\n", start, start + size) + 1
            searched = size
            while not cut:  # no line ends within size bytes: take the first line whole
                cut = buffer.find(b"\n", start + searched) + 1
                if not cut:
                    searched = len(buffer) - start
                    self._gather(searched + 1)
                    buffer, start = self._buffer, self._at
                    if len(buffer) - start == searched:  # nothing more: the last line
                        cut = len(buffer)
        data = buffer[start:cut]
        self._at = cut
        self.lines_out += count_lines(data)
        return data

    def unread(self, data: bytes) -> None:
        """Puts back whole lines just handed out, to be read again."""
        self._buffer = data + self._buffer[self._at :]
        self._at = 0
        self.lines_out -= count_lines(data)

    def _gather(self, size: int) -> bool:
        """Reads blocks until size bytes wait in the buffer; False when the stream ran out first."""
        waiting = len(self._buffer) - self._at
        if waiting >= size:
            return True
        parts = [self._buffer[self._at :]]
        while waiting < size and not self._ended:
            block = next(self._blocks, None)
            if block is None:
                self._ended = True
            elif block:
                parts.append(block)
                waiting += len(block)
        self._buffer = b"".join(parts)
        self._at = 0
        return waiting >= size


def count_lines(data: bytes) -> int:
    """Lines in data: its line ends, plus a last line without one."""
    return data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))
