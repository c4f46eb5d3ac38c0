"""The response cache counts what its answers really keep, and gives freed memory back when a
new data version empties it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gridlens.api import cache as cache_module
from gridlens.api.cache import ENTRY_OVERHEAD, Entry, ResponseCache
from gridlens.plants.version import DataVersion

V1 = DataVersion(loaded=((2023, 1, datetime(2026, 12, 4, tzinfo=UTC)),))
V2 = DataVersion(loaded=((2023, 2, datetime(2026, 12, 5, tzinfo=UTC)),))


def body(size: int) -> bytes:
    rows = b",".join(b'{"plant_id":%d,"mwh":%d}' % (i, i * 7919 % 100003) for i in range(size))
    return (b"[" + rows + b"]")[:size]


def test_an_entry_counts_its_gzipped_copy_at_its_real_length_once_made() -> None:
    data = body(20_000)
    entry = Entry(V1, data)
    assert entry.size == len(data) + len(data) // 4 + ENTRY_OVERHEAD  # not made yet: estimated

    zipped = entry.gzipped
    assert zipped is not None
    assert entry.size == len(data) + len(zipped) + ENTRY_OVERHEAD


def test_a_small_entry_has_no_gzipped_copy_to_count() -> None:
    assert Entry(V1, b"[]").size == 2 + ENTRY_OVERHEAD


def test_the_cache_evicts_the_oldest_by_what_it_counted_for_each() -> None:
    responses = ResponseCache("sqlite://", max_bytes=100_000)
    responses._saw(V1, 1.0)
    for n in range(10):
        entry = Entry(V1, body(20_000))
        entry.gzipped  # noqa: B018 (as _fill makes it for a client taking gzip)
        responses._store(("top", n), entry)
        # A copy made after storing changes no count the cache keeps.
        assert responses._bytes == sum(e.counted for e in responses._entries.values())
    assert responses._bytes <= 100_000
    assert list(responses._entries)[-1] == ("top", 9)
    assert ("top", 0) not in responses._entries


def test_a_new_version_empties_the_cache_and_gives_its_memory_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(cache_module, "release_freed", lambda: calls.append(True) or True)
    responses = ResponseCache("sqlite://")
    responses._saw(V1, 1.0)
    responses._store(("top", 1), Entry(V1, body(5_000)))

    responses._saw(V1, 2.0)  # the same version again: nothing freed
    assert calls == []
    assert len(responses._entries) == 1

    responses._saw(V2, 3.0)
    assert calls == [True]
    assert responses._entries == {}
    assert responses._bytes == 0


def test_evicting_a_quarter_of_the_cache_gives_the_freed_memory_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(cache_module, "release_freed", lambda: calls.append(True) or True)
    monkeypatch.setattr(cache_module, "TRIM_EVERY", 50_000)
    responses = ResponseCache("sqlite://", max_bytes=100_000)
    responses._saw(V1, 1.0)
    stored = 0
    while not calls:
        responses._store(("top", stored), Entry(V1, b"x" * 9_000))
        stored += 1
    # 8 entries of 9,000 + 2,250 (gzip estimate) + 1,024 bytes fill it; each one more evicts
    # one: the fifth eviction (61,370 bytes) trims.
    assert stored == 8 + 5
    assert responses._evicted == 0
