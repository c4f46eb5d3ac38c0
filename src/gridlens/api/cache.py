"""Read answers kept per data version: no query while the data is unchanged, ETags, 304s.

Every answer of the read endpoints is a function of the data version (plants.version), which
only an ingestion's commit changes. Each process checks the version at most CHECK_S old, so a
committed ingestion reaches every replica's cache within that, with no coordination.
"""

from __future__ import annotations

import asyncio
import gzip
import math
import threading
from collections.abc import Awaitable, Callable, Hashable, Iterator, Mapping
from functools import partial
from time import monotonic
from typing import Any, NoReturn, TypeVar

import anyio.to_thread
import psycopg
import structlog
from anyio import CapacityLimiter
from pydantic import BaseModel
from sqlalchemy import Dialect, Engine, make_url, text
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from gridlens.db.engine import new_session, statement_engine
from gridlens.memory import release_freed
from gridlens.plants.version import DataVersion, answered_at, data_version, version_values
from gridlens.tracing import driver_sql_span

CHECK_S = 1.0  # how stale a replica's idea of the data version may be
MAX_BYTES = 64 << 20  # answers kept per process, bodies and their keeping; the oldest go first
# What an entry costs beside its bodies: its key, headers, ETag and dict slot (tracemalloc: 1.1 KB).
ENTRY_OVERHEAD = 1024
# Answers evicted (counted bytes) between two trims of malloc's arenas: a full cache replacing its
# oldest answers frees them on one thread's arena and allocates on another's, and glibc kept the
# freed pages resident (50-80 MB a process in the soak) until told to give them back.
TRIM_EVERY = MAX_BYTES // 4
READ_ATTEMPTS = 3
# Threads reading answers at once: under the engine's pool size (db.engine), so that a burst of
# misses reuses pooled connections instead of opening and closing overflow ones, and few threads
# take turns at the interpreter (32 threads on one core spent their time handing it over).
READERS = 6
# The browser keeps an answer and asks again with If-None-Match each time: a 304 while unchanged.
CACHE_CONTROL = b"private, no-cache"
JSON = b"application/json"
GZIP_FROM = 1024  # as the app's GZipMiddleware: smaller bodies go as they are
GZIP_LEVEL = 6
# A body this large (the nation's map, 1.4 MB) compresses at a faster level: on a cache miss level 6
# cost it 23 ms, level 4 12.5 ms and level 2 8.4 ms, for 260 KB, 275 KB and 296 KB (+14% over
# level 6, on a body a client takes once per data version: it sends the ETag back after that).
GZIP_LARGE_FROM = 512 << 10
GZIP_LARGE_LEVEL = 2

# The tables an ingestion replaces by swapping (DROP and RENAME, ATTACH PARTITION), not rows.
_LOCK_SWAPPED_TABLES = text("LOCK TABLE plants, generators IN ACCESS SHARE MODE")

T = TypeVar("T")
log = structlog.stdlib.get_logger("gridlens.api")


Headers = list[tuple[bytes, bytes]]


class Entry:
    """One answer, encoded once: its JSON, gzipped too (when that pays) the first time a client
    that takes gzip asks for it, and the headers of each."""

    __slots__ = (
        "_gzip_headers",
        "_gzipped",
        "_headers",
        "_not_modified",
        "body",
        "counted",
        "etag",
        "version",
    )

    def __init__(self, version: DataVersion, body: bytes) -> None:
        self.version = version
        self.body = body
        self.etag = f'W/"{version.tag}"'
        self._gzipped: bytes | None = None
        self.counted = 0  # what the cache counted for it when it stored it
        compressible = len(body) >= GZIP_FROM
        common: Headers = [(b"etag", self.etag.encode()), (b"cache-control", CACHE_CONTROL)]
        # The app's gzip middleware adds Vary to a plain answer of this size; not to these.
        vary: Headers = [(b"vary", b"Accept-Encoding")] if compressible else []
        self._not_modified = [*common, *vary]
        self._headers = [*common, (b"content-type", JSON), _length(body)]
        self._gzip_headers: Headers | None = (
            [*common, *vary, (b"content-type", JSON), (b"content-encoding", b"gzip")]
            if compressible
            else None
        )

    @property
    def size(self) -> int:
        """What it keeps: its bodies at their real length (a gzipped copy not made yet counted as
        a quarter of the body, as it is made later if ever) and its overhead."""
        gzipped = self._gzipped
        if gzipped is not None:
            zipped = len(gzipped)
        else:
            zipped = len(self.body) // 4 if self._gzip_headers is not None else 0
        return len(self.body) + zipped + ENTRY_OVERHEAD

    @property
    def gzipped(self) -> bytes | None:
        """The body gzipped, made on first use (a miss costs no compression unless the client
        takes gzip); None when the body is too small to pay for it."""
        if self._gzipped is None and self._gzip_headers is not None:
            self._gzipped = gzip.compress(self.body, gzip_level(len(self.body)), mtime=0)
        return self._gzipped

    def response(self, if_none_match: str | None, accept_encoding: str) -> Response:
        """200 with the body (gzipped when the client takes it), or 304 when its ETag matches."""
        if if_none_match is not None and matches(if_none_match, self.etag):
            return CachedResponse(304, b"", list(self._not_modified))
        if self._gzip_headers is not None and "gzip" in accept_encoding:
            zipped = self.gzipped
            assert zipped is not None
            return CachedResponse(200, zipped, [*self._gzip_headers, _length(zipped)])
        return CachedResponse(200, self.body, list(self._headers))


def gzip_level(size: int) -> int:
    return GZIP_LARGE_LEVEL if size >= GZIP_LARGE_FROM else GZIP_LEVEL


def _length(body: bytes) -> tuple[bytes, bytes]:
    return (b"content-length", str(len(body)).encode())


class CachedResponse(Response):
    """A response whose body and headers were encoded when its entry was made."""

    def __init__(self, status_code: int, body: bytes, raw_headers: Headers) -> None:
        self.status_code = status_code
        self.background = None
        self.body = body
        self.raw_headers = raw_headers


class Unsure(Exception):
    """A read of one statement cannot vouch for its answer: the data version it was made for is
    no longer the database's, or it found no rows, or it needs more than one statement. The
    answer is read again in a snapshot transaction."""


class Read:
    """What an answer is computed from: the data version it reads, and a session in its snapshot,
    or (one_statement) only the rows of one statement checked against the version."""

    def __init__(
        self,
        session: Session | None,
        version: DataVersion,
        cache: ResponseCache,
        *,
        one_statement: Engine | None = None,
    ) -> None:
        self._session = session
        self.version = version
        self._cache = cache
        self._one_statement = one_statement

    @property
    def session(self) -> Session:
        if self._session is None:
            raise Unsure("a read of one statement has no session")
        return self._session

    @property
    def dialect(self) -> Dialect:
        if self._one_statement is not None:
            return self._one_statement.dialect
        return self.session.get_bind().dialect

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute() once per data version and process (totals that need a scan)."""
        return self._cache.memo(
            key, self.version, compute if self._session is not None else _unsure
        )

    def pg_rows(self, sql: str, values: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
        """PostgreSQL: the rows of one SELECT (psycopg's SQL text), binary (numbers as stored, no
        text to parse), in the version's snapshot."""
        if self._one_statement is not None:
            yield from _checked_rows(self._one_statement, sql, values, self.version)
            return
        dbapi = self.session.connection().connection.dbapi_connection
        with dbapi.cursor(binary=True) as cursor:  # type: ignore[union-attr]
            with driver_sql_span(sql, cursor.connection.info.dbname):
                cursor.execute(sql, values)
            yield from cursor


def _unsure() -> NoReturn:
    raise Unsure("not memoized for this version")


def _checked_rows(
    engine: Engine, sql: str, values: Mapping[str, Any], version: DataVersion
) -> Iterator[tuple[Any, ...]]:
    """sql's rows read in one statement that also checks the data version is still version.

    Safe against an ingestion's table swap (DROP and RENAME, ingest/swap.py) without the
    transaction and ACCESS SHARE locks of ResponseCache._fill: the connection is in autocommit,
    so the statement runs in READ COMMITTED, and PostgreSQL takes a statement's snapshot (in
    PortalStart) only after it has locked every table the statement names (parse analysis, or
    the plan cache's revalidation for a prepared one, which also re-resolves the names after a
    rename). So either the swap committed first, and the snapshot sees the new tables, their rows
    and the new version (and the check fails: no rows), or the swap waits for the statement to
    end. A read of several statements would take a snapshot each: hence one.
    """
    params = {**values, **version_values(version)}
    statement = answered_at(sql)
    for attempt in range(2):
        connection = engine.raw_connection()
        try:
            with connection.driver_connection.cursor(binary=True) as cursor:  # type: ignore[union-attr]
                with driver_sql_span(statement, cursor.connection.info.dbname):
                    cursor.execute(statement, params)
                first = cursor.fetchone()
                if first is None:  # another version, or an empty scope: the transaction tells
                    raise Unsure("no rows")
                yield first
                yield from cursor
            return
        except psycopg.OperationalError:
            # A connection the server or the network dropped: no pre-ping found it; another may
            # serve (a fresh one from the pool), else the transaction's path says why.
            connection.invalidate()
            if attempt:
                raise Unsure("the database connection failed") from None
        finally:
            connection.close()


# An answer: a model, or its JSON already encoded (the hot read paths build it from rows, and
# the map's thousands of features are too many to build as models).
Compute = Callable[[Read], BaseModel | bytes]


class ResponseCache:
    """One process's answers, keyed by route and parameters, valid for one data version."""

    def __init__(
        self, database_url: str, *, check_s: float = CHECK_S, max_bytes: int = MAX_BYTES
    ) -> None:
        self._url = database_url
        self._check_s = check_s
        self._max_bytes = max_bytes
        # When the newest read of the version began, and what it found: swapped as one.
        self._seen: tuple[float, DataVersion | None] = (-math.inf, None)
        self._entries: dict[Hashable, Entry] = {}
        self._bytes = 0
        self._evicted = 0  # bytes evicted since the last trim
        self._memo: dict[Hashable, tuple[DataVersion, Any]] = {}
        self._lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._memo_lock = threading.Lock()
        self._refreshing: set[asyncio.Task[None]] = set()
        self._readers = CapacityLimiter(READERS)
        self._one_statement = (
            statement_engine(database_url, READERS)
            if make_url(database_url).get_backend_name() == "postgresql"
            else None
        )

    def disable(self) -> None:
        """Keep no answers: every request queries (to measure what a miss costs)."""
        self._max_bytes = 0

    async def respond(
        self, request: Request, key: Hashable, compute: Compute, *, one_statement: bool = False
    ) -> Response:
        """The answer for key: from the cache while the version holds, else computed. One
        statement: compute reads its rows with Read.pg_rows in one statement, memos aside, and
        may be called twice (first with no session: _fill_in_one_statement)."""
        seen_at, version = self._seen
        age = monotonic() - seen_at
        if version is None or age >= self._check_s:
            version = await self._read(partial(self._check, self._check_s))
        elif age >= self._check_s / 2 and not self._refreshing:
            # Read it again ahead of time, off this request, so that under load no request
            # ever waits for the check (nor do many start it at once).
            task = asyncio.get_running_loop().create_task(self._refresh())
            self._refreshing.add(task)
            task.add_done_callback(self._refreshing.discard)
        headers = request.headers
        accept_encoding = headers.get("accept-encoding", "")
        entry = self._entries.get(key)
        if entry is None or entry.version is not version:
            fill = partial(self._fill, key, compute, "gzip" in accept_encoding, one_statement)
            entry = await self._read(fill)
        return entry.response(headers.get("if-none-match"), accept_encoding)

    def _read(self, read: Callable[[], T]) -> Awaitable[T]:
        """read() on a worker thread, at most READERS at once."""
        return anyio.to_thread.run_sync(read, limiter=self._readers)

    async def _refresh(self) -> None:
        try:
            await self._read(partial(self._check, self._check_s / 2))
        except Exception:  # the next request past check_s reads it again, and says why
            log.warning("reading the data version failed", exc_info=True)

    def _check(self, max_age_s: float) -> DataVersion:
        """The current version, read from the database unless a read younger than max_age_s is
        known (one reads at a time; the others wait and take its result)."""
        with self._check_lock:
            seen_at, version = self._seen
            if version is not None and monotonic() - seen_at < max_age_s:
                return version
            started = monotonic()
            with new_session(self._url) as session:
                return self._saw(data_version(session), started)

    def _saw(self, version: DataVersion, started: float) -> DataVersion:
        """Record a version read that began at started; the one instance kept for it."""
        cleared = False
        with self._lock:
            seen_at, current = self._seen
            if current is not None and version == current:
                version = current
            if started >= seen_at:
                if current is not None and version is not current:
                    self._entries.clear()
                    self._bytes = 0
                    self._evicted = 0
                    self._memo.clear()
                    cleared = True
                self._seen = (started, version)
        if cleared:
            # Up to MAX_BYTES of answers were just freed at once (on this worker thread, not
            # the event loop): give their pages back rather than leave them in malloc's arenas.
            release_freed()
        return version

    def _fill(
        self, key: Hashable, compute: Compute, gzipped: bool = False, one_statement: bool = False
    ) -> Entry:
        """Compute an answer: in one statement when it can, else between two reads of the
        version (kept only when they agree) or in one snapshot."""
        entry = self._fill_in_one_statement(key, compute) if one_statement else None
        if entry is None:
            entry = self._fill_in_transaction(key, compute)
        if gzipped:
            entry.gzipped  # noqa: B018 (made here, on this worker thread, not on the event loop)
        return entry

    def _fill_in_one_statement(self, key: Hashable, compute: Compute) -> Entry | None:
        """PostgreSQL: the answer for the version last seen (at most check_s old), read in one
        statement that checks it is still the database's (one round trip, no transaction);
        None when compute cannot (Unsure) or fails (the transaction's path reads it again, and
        raises what a client should see from the version it reads)."""
        version = self._seen[1]
        if self._one_statement is None or version is None:
            return None
        try:
            model = compute(Read(None, version, self, one_statement=self._one_statement))
        except Exception:  # Unsure, or an error the transaction's path decides on
            return None
        entry = Entry(version, _body(model))
        self._store(key, entry)
        return entry

    def _fill_in_transaction(self, key: Hashable, compute: Compute) -> Entry:
        with new_session(self._url) as session:
            # PostgreSQL: every read of the answer sees one snapshot, the version's too, so the
            # version needs no second read. SQLite reads outside a transaction: read it twice.
            snapshot = session.get_bind().dialect.name == "postgresql"
            if snapshot:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                # Locked before the snapshot is taken: an ingestion swaps whole tables in
                # (ingest/swap.py), and a snapshot older than its commit would read the new
                # table with none of its rows. Held, no swap commits until the answer is read.
                session.execute(_LOCK_SWAPPED_TABLES)
            for _ in range(READ_ATTEMPTS):
                checked = monotonic()  # the snapshot is taken by the version's read
                before = data_version(session)
                model = compute(Read(session, before, self))
                if snapshot:
                    consistent = True
                    break
                checked = monotonic()
                consistent = data_version(session) == before
                if consistent:
                    break
        version = self._saw(before, checked)
        entry = Entry(version, _body(model))
        if consistent:
            self._store(key, entry)
        return entry

    def _store(self, key: Hashable, entry: Entry) -> None:
        with self._lock:
            entry.counted = entry.size
            if entry.version is not self._seen[1] or entry.counted > self._max_bytes:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.counted
            self._entries[key] = entry
            self._bytes += entry.counted
            while self._bytes > self._max_bytes:
                evicted = self._entries.pop(next(iter(self._entries))).counted
                self._bytes -= evicted
                self._evicted += evicted
            trim = self._evicted >= TRIM_EVERY
            if trim:
                self._evicted = 0
        if trim:  # on this worker thread, not the event loop
            release_freed()

    def memo(self, key: Hashable, version: DataVersion, compute: Callable[[], T]) -> T:
        found = self._memo.get(key)
        if found is not None and found[0] == version:
            value: T = found[1]
            return value
        with self._memo_lock:  # one computes, the others wait for it
            found = self._memo.get(key)
            if found is not None and found[0] == version:
                value = found[1]
                return value
            value = compute()
            self._memo[key] = (version, value)
            return value


def _body(model: BaseModel | bytes) -> bytes:
    """What the cache keeps of an answer: an exact copy of a bytes answer, because orjson's bytes
    keep its writer's whole buffer (1.66x their length, measured with mallinfo2) and a cached
    answer keeps it for minutes."""
    if isinstance(model, bytes):
        return bytes(memoryview(model))
    return model.model_dump_json().encode()


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison of an If-None-Match list against etag."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))
