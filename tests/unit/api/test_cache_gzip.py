"""The response cache's gzip: level 6 for an ordinary body, a faster level for a very large one."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from gridlens.api.cache import Entry
from gridlens.plants.version import DataVersion

VERSION = DataVersion(loaded=((2023, 1, datetime(2026, 12, 4, tzinfo=UTC)),))


def body(size: int) -> bytes:
    """JSON-like bytes that compress differently at levels 2 and 6."""
    rows = b",".join(
        b'{"plant_id":%d,"mwh":%d.%d}' % (i, i * 7919 % 100003, i % 97) for i in range(size // 20)
    )
    return (b"[" + rows + b"]")[:size]


def test_a_body_under_512_kib_is_gzipped_at_level_6() -> None:
    data = body(300_000)

    assert Entry(VERSION, data).gzipped == gzip.compress(data, 6, mtime=0)
    assert gzip.compress(data, 6, mtime=0) != gzip.compress(data, 2, mtime=0)


def test_a_body_of_512_kib_or_more_is_gzipped_at_level_2() -> None:
    data = body(512 << 10)

    entry = Entry(VERSION, data)

    assert entry.gzipped == gzip.compress(data, 2, mtime=0)
    assert entry.gzipped != gzip.compress(data, 6, mtime=0)
    assert gzip.decompress(entry.gzipped) == data
