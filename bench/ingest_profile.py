"""One `gridlens ingest` of a local file, timed phase by phase: `python -m bench.ingest_profile
DATABASE_URL FILE` prints one JSON line. Run by `python -m bench profile` in a child process.

Each phase's time is exclusive (a phase called inside another is not counted twice): reading
the file (with its SHA-256), parsing and checking rows in Python, COPY into staging, the SQL
checks, the swap, the commit. SQL statements are timed too, and the CPU of this process and of
the PostgreSQL backends it used, which tells Python's share from the database's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

TICKS = os.sysconf("SC_CLK_TCK")


class Phases:
    """Exclusive wall time per named phase and thread (main, or the parsing thread)."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._local = threading.local()

    def _stack(self) -> list[list[Any]]:
        stack: list[list[Any]] | None = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    def enter(self, name: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            name = f"{name} [thread]"
        self._stack().append([name, time.perf_counter(), 0.0])

    def leave(self) -> None:
        stack = self._stack()
        name, started, inner = stack.pop()
        elapsed = time.perf_counter() - started
        self.seconds[name] += elapsed - inner
        self.calls[name] += 1
        if stack:
            stack[-1][2] += elapsed

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(name)
            try:
                return original(*args, **kwargs)
            finally:
                self.leave()

        setattr(owner, attribute, timed)

    def wrap_iterator(self, owner: Any, attribute: str, name: str) -> None:
        original: Callable[..., Iterator[Any]] = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = original(*args, **kwargs)
            while True:
                self.enter(name)
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.leave()
                yield item

        setattr(owner, attribute, timed)


# (module, attribute, phase): what is timed where it exists; a hook the code no longer has is
# reported as missing, and its time falls to "other".
HOOKS = (
    ("gridlens.ingest.reading", "HashingLines.__iter__", "read file, SHA-256, split lines"),
    ("gridlens.ingest.reading", "HashingLines.blocks", "read file, SHA-256"),
    ("gridlens.egrid.frames", "FrameReader.frames", "parse and check rows (Polars)"),
    ("gridlens.ingest.staging", "_csv", "write frames as CSV for COPY"),
    ("gridlens.ingest.staging", "_rows", "frames as tuples for executemany"),
    ("gridlens.ingest.staging", "_copy", "COPY into the year's new table"),
    ("gridlens.ingest.staging", "_insert", "executemany into SQLite's staging"),
    ("gridlens.ingest.pipeline", "_Progress.__call__", "progress updates"),
    ("gridlens.ingest.staging", "create_staging", "create staging tables"),
    ("gridlens.ingest.staging", "index_staging", "index and ANALYZE staging"),
    ("gridlens.ingest.checks", "reject_copies", "SQL checks: copies, sequence numbers"),
    ("gridlens.ingest.checks", "warn_repeats", "SQL checks: repeated IDs, disagreeing plants"),
    ("gridlens.ingest.replace", "replace_year", "swap the year in: generators and plants"),
    ("gridlens.ingest.replace", "lock_year", "run records and year bookkeeping"),
    ("gridlens.ingest.replace", "year_sha256", "run records and year bookkeeping"),
    ("gridlens.ingest.replace", "stored_generators", "run records and year bookkeeping"),
    ("gridlens.ingest.replace", "record_dataset", "run records and year bookkeeping"),
    ("gridlens.ingest.records", "open_run", "run records and year bookkeeping"),
    ("gridlens.ingest.records", "close_run", "run records and year bookkeeping"),
)
ITERATORS = {"__iter__", "chunks", "blocks", "frames"}


def instrument(phases: Phases) -> list[str]:
    """Wrap every hook found; returns the ones missing."""
    import importlib

    missing = []
    for module_name, dotted, phase in HOOKS:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            missing.append(f"{module_name}.{dotted}")
            continue
        *path, attribute = dotted.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, attribute):
            missing.append(f"{module_name}.{dotted}")
            continue
        if attribute in ITERATORS:
            phases.wrap_iterator(owner, attribute, phase)
        else:
            phases.wrap(owner, attribute, phase)
    return missing


STATEMENTS: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0])
BACKENDS: set[int] = set()


def _label(statement: str) -> str:
    return " ".join(statement.split())[:90]


def _watch(engine: Engine, phases: Phases) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        slot = STATEMENTS[_label(statement)]
        slot[0] += time.perf_counter() - conn.info.pop("bench_started")
        slot[1] += 1

    @event.listens_for(engine, "connect")
    def connected(dbapi_connection: Any, _record: Any) -> None:
        if (info := getattr(dbapi_connection, "info", None)) is not None:  # not on SQLite
            BACKENDS.add(info.backend_pid)

    original_commit = engine.dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:
        phases.enter("commit")
        try:
            original_commit(dbapi_connection)
        finally:
            phases.leave()

    engine.dialect.do_commit = do_commit  # type: ignore[method-assign]


def backend_cpu_s() -> float:
    total = 0
    for pid in BACKENDS:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def main() -> None:
    database_url, path = sys.argv[1], Path(sys.argv[2])
    phases = Phases()
    missing = instrument(phases)
    from gridlens.db.engine import get_engine
    from gridlens.ingest.pipeline import Limits, ingest_object
    from gridlens.settings import Settings
    from gridlens.store.local import LocalStore

    settings = Settings(database_url=database_url)
    _watch(get_engine(database_url), phases)
    started = time.perf_counter()
    outcome = ingest_object(
        LocalStore(path.parent),
        path.name,
        database_url=database_url,
        limits=Limits(chunk_rows=settings.chunk_rows),
    )
    wall = time.perf_counter() - started
    backends = backend_cpu_s()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "status": outcome.status,
                "rows": outcome.rows_loaded,
                "wall_s": wall,
                "python_cpu_s": usage.ru_utime + usage.ru_stime,
                "postgres_cpu_s": backends,
                "peak_rss_mb": usage.ru_maxrss / 1024,
                "phases": dict(phases.seconds),
                "calls": dict(phases.calls),
                "statements": {k: v for k, v in STATEMENTS.items() if v[0] >= 0.05},
                "missing_hooks": missing,
            }
        )
    )


if __name__ == "__main__":
    main()
