"""The per-token request budget shared through Redis, counted here and added there in batches.

RedisLimiter asks Redis on every request: a network round trip that costs more than the rest of
a cached read. SharedBudget counts requests in the process and adds them to the same Redis
counters (so replicas and RedisLimiter still share them) once a batch is due: after 1% of the
limit or SYNC_S, whichever comes first, so a budget is overrun by at most that per replica.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

# The sliding-window rule every limiter of gridlens applies.
from gridlens.auth.ratelimit import sliding_verdict

SYNC_S = 0.2
BATCH_SHARE = 0.01
MAX_KEYS = 100_000


@dataclass
class _Count:
    window: int
    shared: int = 0  # the window's count in Redis at the last sync, ours included
    previous: int = 0  # the window before's, at the last sync
    pending: int = 0  # counted here since
    synced_at: float = float("-inf")


class SharedBudget:
    """Per-key request counts of one process, synchronised with Redis in batches."""

    def __init__(self, redis_url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def count(self, key: str, limit: int, window_s: int) -> tuple[int | None, bool]:
        """Count one request: (seconds to wait when over budget, else None; whether to sync)."""
        now = time.time()
        window = int(now // window_s)
        with self._lock:
            count = self._counts.get(key)
            if count is None or count.window != window:
                if len(self._counts) > MAX_KEYS:  # forget keys idle since the window before
                    self._counts = {k: c for k, c in self._counts.items() if c.window >= window - 1}
                count = self._counts[key] = _Count(window)
            count.pending += 1
            due = (
                count.pending >= max(1, int(limit * BATCH_SHARE))
                or time.monotonic() - count.synced_at >= SYNC_S
            )
            verdict = sliding_verdict(
                count.previous, count.shared + count.pending, limit, now, window_s
            )
        return verdict, due

    def sync(self, key: str, limit: int, window_s: int) -> int | None:
        """Add what was counted here to Redis and learn the shared counts; the fresh verdict."""
        with self._lock:
            count = self._counts.get(key)
            if count is None:
                return None
            window, pending, count.pending = count.window, count.pending, 0
            count.synced_at = time.monotonic()
        name = f"gridlens:rl:{key}"  # RedisLimiter's counters: both count into the same ones
        pipe = self._redis.pipeline()
        pipe.incrby(f"{name}:{window}", pending)
        pipe.expire(f"{name}:{window}", 2 * window_s + 1)
        pipe.get(f"{name}:{window - 1}")
        current, _, previous = pipe.execute()
        with self._lock:
            if count.window == window:
                count.shared, count.previous = int(current), int(previous or 0)
            return sliding_verdict(
                count.previous, count.shared + count.pending, limit, time.time(), window_s
            )
