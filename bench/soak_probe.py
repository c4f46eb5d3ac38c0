"""`gridlens serve` with a memory probe (bench only; `python -m bench soak --probe`):
`python -m bench.soak_probe OUT.jsonl [gridlens serve options]`.

A thread of the server writes one JSON line to OUT every PROBE_EVERY_S: the process's RSS, what
glibc malloc holds (mallinfo2: in use, free in its arenas, mmapped), the response cache's counted
bytes and entries, live Python objects, threads, and, with BENCH_TRACEMALLOC=1, what
tracemalloc traces and its largest growths since PROBE_BASE_S (one frame each, by line). It tells
a bounded cache refilling from a leak and from memory the allocator keeps, without any debug
endpoint in the product: the probe lives here and patches nothing but a list of caches."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import threading
import time
import tracemalloc
import weakref
from pathlib import Path
from typing import Any

PROBE_EVERY_S = 10.0
PROBE_BASE_S = 60.0  # tracemalloc's baseline snapshot: after the first warm-up
TOP = 25


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _libc() -> Any:
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    return libc


def _status() -> dict[str, int]:
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            found[key] = int(value.split()[0]) // 1024  # MB
        elif key == "Threads":
            found[key] = int(value)
    return found


def _arenas() -> int:
    """How many malloc arenas exist (malloc_info's <heap> elements), main one included."""
    libc = ctypes.CDLL("libc.so.6")
    libc.open_memstream.restype = ctypes.c_void_p
    buffer, size = ctypes.c_char_p(), ctypes.c_size_t()
    stream = libc.open_memstream(ctypes.byref(buffer), ctypes.byref(size))
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    text = ctypes.string_at(buffer, size.value).decode()
    libc.free(buffer)
    return text.count("<heap nr=")


def _bodies(cache: Any) -> int:
    entries = list(cache._entries.values())
    return sum(len(e.body) + len(e._gzipped or b"") for e in entries)


def _probe(out: Path, caches: list[weakref.ref[Any]]) -> None:
    libc = _libc()
    began = time.monotonic()
    base: tracemalloc.Snapshot | None = None
    with out.open("a") as sink:
        while True:
            time.sleep(PROBE_EVERY_S)
            at = time.monotonic() - began
            info = libc.mallinfo2()
            live = [c() for c in caches]
            line: dict[str, Any] = {
                "at": round(at, 1),
                "pid": os.getpid(),
                **_status(),
                "malloc_in_use_mb": round((info.uordblks + info.hblkhd) / 2**20, 1),
                "malloc_free_mb": round(info.fordblks / 2**20, 1),
                "malloc_mmapped_mb": round(info.hblkhd / 2**20, 1),
                "malloc_arena_mb": round(info.arena / 2**20, 1),
                "arenas": _arenas(),
                "cache_mb": round(sum(c._bytes for c in live if c) / 2**20, 1),
                "cache_entries": sum(len(c._entries) for c in live if c),
                # The bodies' own bytes (and gzipped copies), beside what the cache counted.
                "cache_bodies_mb": round(sum(_bodies(c) for c in live if c) / 2**20, 1),
                "objects": len(gc.get_objects()),
            }
            if tracemalloc.is_tracing():
                line["traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
                snapshot = tracemalloc.take_snapshot()
                if base is None and at >= PROBE_BASE_S:
                    base = snapshot
                elif base is not None:
                    line["growth"] = [
                        f"{stat.size_diff / 2**10:+.0f} KiB {stat.count_diff:+d} "
                        f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}"
                        for stat in snapshot.compare_to(base, "lineno")[:TOP]
                    ]
            sink.write(json.dumps(line) + "\n")
            sink.flush()


def main(argv: list[str]) -> None:
    out, serve_args = Path(argv[0]), argv[1:]
    if os.environ.get("BENCH_TRACEMALLOC") == "1":
        tracemalloc.start(1)
    from gridlens.api import cache

    caches: list[weakref.ref[Any]] = []
    made = cache.ResponseCache.__init__

    def record(self: cache.ResponseCache, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        caches.append(weakref.ref(self))

    cache.ResponseCache.__init__ = record  # type: ignore[method-assign]
    threading.Thread(target=_probe, args=(out, caches), daemon=True, name="probe").start()
    from gridlens.cli import app

    app(["serve", *serve_args])


if __name__ == "__main__":
    main(sys.argv[1:])
