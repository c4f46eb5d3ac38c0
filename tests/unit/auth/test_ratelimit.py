"""The sliding-window estimate that both limiters share."""

from __future__ import annotations

from gridlens.auth.ratelimit import MemoryLimiter, sliding_verdict


def test_within_budget_passes() -> None:
    assert sliding_verdict(previous=0, current=10, limit=10, now=600.0, window_s=60) is None


def test_over_budget_says_when_to_return() -> None:
    assert sliding_verdict(previous=0, current=11, limit=10, now=615.0, window_s=60) == 45


def test_previous_window_counts_by_its_overlap() -> None:
    # 15 s into the window, three quarters of the previous one still counts: 8 * 0.75 + 5 = 11.
    assert sliding_verdict(previous=8, current=5, limit=10, now=615.0, window_s=60) == 45
    assert sliding_verdict(previous=8, current=5, limit=10, now=660.0 - 1, window_s=60) is None


def test_memory_limiter_counts_per_key() -> None:
    limiter = MemoryLimiter()
    assert [limiter.hit("a", 2, 3600) for _ in range(3)][:2] == [None, None]
    assert limiter.hit("a", 2, 3600) is not None
    assert limiter.hit("b", 2, 3600) is None
