"""Sliding-window rate limits: in Redis when GRIDLENS_REDIS_URL is set (shared), else in memory."""

from __future__ import annotations

import threading
import time
from typing import Protocol

import structlog

log = structlog.get_logger("gridlens.auth")


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window_s: int) -> int | None:
        """Count one hit; the seconds until the window reopens when over limit, else None."""
        ...


def sliding_verdict(
    previous: int, current: int, limit: int, now: float, window_s: int
) -> int | None:
    """Sliding-window estimate (the previous window weighted by how much of it still overlaps),
    so a burst cannot double its budget by straddling a window boundary."""
    elapsed = now % window_s
    if previous * (1 - elapsed / window_s) + current > limit:
        return max(1, int(window_s - elapsed + 0.999))
    return None


class MemoryLimiter:
    """One process's counters: right for the embedded default, per replica otherwise."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window_s: int) -> int | None:
        now = time.time()
        window = int(now // window_s)
        with self._lock:
            if len(self._counts) > 100_000:  # forget old windows rather than grow forever
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window - 1}
            current = self._counts[key, window] = self._counts.get((key, window), 0) + 1
            previous = self._counts.get((key, window - 1), 0)
        return sliding_verdict(previous, current, limit, now, window_s)


class RedisLimiter:
    """Counters in Redis, so every API replica sees the same attempts."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def hit(self, key: str, limit: int, window_s: int) -> int | None:
        now = time.time()
        window = int(now // window_s)
        name = f"gridlens:rl:{key}"
        pipe = self._redis.pipeline()
        pipe.incr(f"{name}:{window}")
        pipe.expire(f"{name}:{window}", 2 * window_s + 1)
        pipe.get(f"{name}:{window - 1}")
        current, _, previous = pipe.execute()
        return sliding_verdict(int(previous or 0), int(current), limit, now, window_s)


def make_limiter(redis_url: str | None) -> Limiter:
    if redis_url:
        return RedisLimiter(redis_url)
    return MemoryLimiter()
