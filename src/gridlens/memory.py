"""Giving freed memory back to the system, where the C library allows it (glibc).

glibc's malloc keeps what a process frees in its arenas (one per thread that allocated, up to 8
per core) and hands it back only from the top of each heap. The response cache frees all its
answers at once when the data version changes (about 90 MB per process under the soak's load):
without a trim that memory stayed in the arenas, counted in the process's RSS, and each refill
spread over other arenas grew it further (bench/README.md, "Soak").
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_freed() -> bool:
    """Return the free pages of every malloc arena to the system (malloc_trim); False when the
    C library has no such call (musl, macOS). Takes milliseconds: call it off the event loop."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)  # ctypes drops the GIL for the call
    return True
