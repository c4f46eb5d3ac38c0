"""iter_lines splits any stream into exact lines, and check_key keeps keys inside the store."""

from __future__ import annotations

import io

import pytest

from gridlens.store.base import StoreError, check_key, iter_lines

MIXED = b"YEAR,ORISPL\r\n2022,3\n\r\n2022,10\r\nlone\rcarriage\n\nlast,no ending"
MIXED_LINES = [
    b"YEAR,ORISPL\r\n",
    b"2022,3\n",
    b"\r\n",
    b"2022,10\r\n",
    b"lone\rcarriage\n",
    b"\n",
    b"last,no ending",
]


class RecordingReader:
    """A one-way stream that remembers how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.asked: list[int] = []

    def read(self, size: int, /) -> bytes:
        self.asked.append(size)
        return self._data.read(size)


@pytest.mark.parametrize("chunk_bytes", range(1, len(MIXED) + 2))
def test_lines_keep_their_endings_whatever_the_chunk_size(chunk_bytes: int) -> None:
    assert list(iter_lines(io.BytesIO(MIXED), chunk_bytes)) == MIXED_LINES


def test_crlf_split_across_two_chunks_stays_one_line() -> None:
    assert list(iter_lines(io.BytesIO(b"a,b\r\nc,d\r\n"), 4)) == [b"a,b\r\n", b"c,d\r\n"]


def test_empty_stream_has_no_lines() -> None:
    assert list(iter_lines(io.BytesIO(b""))) == []


def test_reads_are_bounded_by_the_chunk_size() -> None:
    reader = RecordingReader(b"x" * 10_000 + b"\n" + b"y\r\n" * 1000)
    lines = list(iter_lines(reader, 512))
    assert lines == [b"x" * 10_000 + b"\n", *([b"y\r\n"] * 1000)]
    assert set(reader.asked) == {512}


@pytest.mark.parametrize(
    "key",
    ["", "/etc/passwd", "../outside.csv", "a/../../x.csv", "a/./b.csv", "a//b.csv", "dir/", "a\\b"],
)
def test_keys_that_could_leave_the_store_are_refused(key: str) -> None:
    with pytest.raises(StoreError, match="invalid key"):
        check_key(key)


@pytest.mark.parametrize("key", ["egrid2022.csv", "2022/eGRID 2022 gen.CSV", "..hidden.csv"])
def test_plain_relative_keys_pass_unchanged(key: str) -> None:
    assert check_key(key) == key
