"""One sheet read by the reader (FrameReader: lines in bulk, by columns, where it can) and by its
one-record-at-a-time part alone (sheet.RecordReader), which takes every line bulk reading cannot."""

from __future__ import annotations

from collections.abc import Iterator

from gridlens.egrid.frames import FrameReader, rows_frame
from gridlens.egrid.rows import ReadReport
from gridlens.egrid.sheet import RecordReader, SheetError

Read = tuple[list[tuple[object, ...]], ReadReport] | SheetError


def lines_of(data: bytes) -> list[bytes]:
    """The lines a binary stream hands out (split at LF, endings kept), as HashingLines does."""
    lines = [line + b"\n" for line in data.split(b"\n")]
    last = lines.pop()[:-1]
    return [*lines, last] if last else lines


def blocks_of(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def by_rows(data: bytes) -> Read:
    """Every clean row (digest aside) and the report, or the error refusing the file."""
    try:
        reader = RecordReader(lines_of(data), "x.csv", chunk_rows=7)
        rows = [tuple(row)[:-1] for chunk in reader.chunks() for row in chunk]
    except SheetError as error:
        return error
    reader.report.rows_yielded = len(rows)  # counted by FrameReader as it yields
    return rows, reader.report


def by_frames(data: bytes, block_bytes: int, read_bytes: int = 1 << 20) -> Read:
    try:
        reader = FrameReader(blocks_of(data, read_bytes), "x.csv", 7, block_bytes)
        frames = list(reader.frames())
    except SheetError as error:
        return error
    rows = [row[:-1] for frame in frames for row in frame.rows()]
    return rows, reader.report


def digests_by_frames(data: bytes, block_bytes: int) -> list[int]:
    reader = FrameReader(blocks_of(data, 1 << 20), "x.csv", 7, block_bytes)
    return [digest for frame in reader.frames() for digest in frame["digest"]]


def assert_same(data: bytes, block_bytes: int = 1 << 22, read_bytes: int = 1 << 20) -> None:
    """Both readers keep the same rows (values and types), report the same, refuse alike."""
    expected, got = by_rows(data), by_frames(data, block_bytes, read_bytes)
    if isinstance(expected, SheetError) or isinstance(got, SheetError):
        assert (str(got), getattr(got, "line", None), getattr(got, "column", None)) == (
            str(expected),
            getattr(expected, "line", None),
            getattr(expected, "column", None),
        )
        return
    (rows, report), (frame_rows, frame_report) = expected, got
    assert frame_rows == rows
    # 2.0 == 2 and -0.0 == 0.0 in Python: the types and the text must agree as well.
    assert [[type(v) for v in row] for row in frame_rows] == [
        [type(v) for v in row] for row in rows
    ]
    assert [repr(row) for row in frame_rows] == [repr(row) for row in rows]
    assert frame_report == report


def same_digest_groups(data: bytes, block_bytes: int = 1 << 22) -> bool:
    """Rows sharing a digest are the same rows either way."""
    reader = RecordReader(lines_of(data), "x.csv")
    rows = [row for chunk in reader.chunks() for row in chunk]
    by_rows_digests = rows_frame(rows)["digest"].to_list()
    return _groups(by_rows_digests) == _groups(digests_by_frames(data, block_bytes))


def _groups(digests: list[int]) -> list[int]:
    first: dict[int, int] = {}
    return [first.setdefault(digest, index) for index, digest in enumerate(digests)]
