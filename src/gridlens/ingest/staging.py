"""Where one ingestion loads its rows before the year is swapped in.

Both databases take the same frames (egrid.frames), each with its plant-first flag (ingest.repeats),
while the sheet is still being parsed: the next frame is parsed on a thread while the database
stores the one before.
PostgreSQL: a fresh table shaped as a year's partition of `generators` (plus the digest and
first_row the checks and the swap need), filled by COPY, then indexed and attached in place of the
year's old partition (swap.py).
SQLite: a temporary table of generators' columns (plus the same two), filled by executemany, copied
into `generators` on the swap.
"""

from __future__ import annotations

import contextlib
import io
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Connection, Table, text

from gridlens.db.tables import Base
from gridlens.ingest import swap
from gridlens.ingest.scratch import FUELS, STAGING

if TYPE_CHECKING:
    import polars as pl

# Generation is stored as integer kWh: GENNTAN has at most three decimals of a MWh, so
# round(mwh * 1000) is exact, and every sum the database makes of it is exact too. Converted here,
# as frames enter staging, and nowhere else.
KWH = {
    "net_generation_mwh": "net_generation_kwh",
    "ozone_net_generation_mwh": "ozone_net_generation_kwh",
}
# What staging holds beyond generators' columns: for the checks and the plant aggregate.
EXTRA = "digest BIGINT NOT NULL, first_row BOOLEAN NOT NULL"
# Sorts and hashes of the whole-file checks and the plant aggregate stay in memory.
WORK_MEM = "256MB"
# Parsed frames waiting for the database: enough to keep both busy, few enough to bound memory.
FRAMES_AHEAD = 2


def staging_table(conn: Connection) -> str:
    """The table this connection stages into; on PostgreSQL unique to its session."""
    if conn.dialect.name == "postgresql":
        dbapi: Any = conn.connection.dbapi_connection
        return f"gridlens_load_{dbapi.info.backend_pid}"
    return STAGING


def stored_columns() -> list[str]:
    """generators' columns: what staging hands to the stored table."""
    return [column.name for column in Base.metadata.tables["generators"].columns]


def create_staging(conn: Connection) -> None:
    """SQLite's temporary staging table, and on both the table of each plant's primary fuel."""
    postgres = conn.dialect.name == "postgresql"
    on_commit = " ON COMMIT DROP" if postgres else ""
    conn.execute(text(f"DROP TABLE IF EXISTS {FUELS}"))
    conn.execute(
        text(f"CREATE TEMPORARY TABLE {FUELS} (plant_id INTEGER PRIMARY KEY, fuel TEXT){on_commit}")
    )
    if postgres:
        conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        conn.execute(text(f"SET LOCAL maintenance_work_mem = '{WORK_MEM}'"))
        # Sums in line order, whatever the plan: no parallel partial sums.
        conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        # One-off statements: compiling them costs more than it saves.
        conn.execute(text("SET LOCAL jit = off"))
        return
    create_like(conn, STAGING, Base.metadata.tables["generators"], EXTRA)


def create_like(conn: Connection, name: str, table: Table, extra: str) -> None:
    """SQLite: a temporary table of table's columns (types, NOT NULL), then extra's."""
    columns = ", ".join(
        f"{column.name} {column.type.compile(conn.dialect)}{'' if column.nullable else ' NOT NULL'}"
        for column in table.columns
    )
    conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    conn.execute(text(f"CREATE TEMPORARY TABLE {name} ({columns}, {extra})"))


def among(conn: Connection, column: str) -> str:
    """SQL true where column holds one of the integers bound as :keys (see keys())."""
    if conn.dialect.name == "postgresql":
        return f"{column} = ANY(:keys)"
    return f"{column} IN ({_listed(conn)})"


def _listed(conn: Connection) -> str:
    """A SELECT of the integers bound as :keys (see keys()), one row each."""
    if conn.dialect.name == "postgresql":
        return "SELECT unnest(CAST(:keys AS integer[]))"
    return "SELECT value FROM json_each(:keys)"


def keys(conn: Connection, values: list[int]) -> object:
    """values bound as :keys for among(): an array on PostgreSQL, JSON text on SQLite."""
    return values if conn.dialect.name == "postgresql" else json.dumps(values)


def keep_fuel_plants(conn: Connection, plant_ids: list[int]) -> None:
    """The plants that may have more than one fuel, whose primary fuel the swap ranks (every
    other plant has one at most)."""
    conn.execute(
        text(f"INSERT INTO {FUELS} (plant_id) {_listed(conn)}"), {"keys": keys(conn, plant_ids)}
    )


def index_staging(conn: Connection) -> None:
    """Indexes the cross-row checks and the swap lean on, built once after the bulk load: on
    PostgreSQL those of a partition of generators, which the staged table becomes."""
    if conn.dialect.name == "postgresql":
        swap.index_generators(conn, staging_table(conn))
        return
    conn.execute(text(f"CREATE INDEX {STAGING}_plant ON {STAGING} (plant_id, line)"))


def kwh(mwh: float | None) -> int | None:
    """One value as frame_in_kwh makes it; None (unknown) stays None."""
    return None if mwh is None else round(mwh * 1000)


def frame_in_kwh(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame as staged: its generation in integer kWh (round(mwh * 1000), exact)."""
    import polars as pl

    return frame.with_columns(
        (pl.col(mwh) * 1000).round(0).cast(pl.Int64).alias(name) for mwh, name in KWH.items()
    ).drop(*KWH)


def load(
    conn: Connection,
    frames: Iterable[pl.DataFrame],
    progress: Callable[[], None],
    each: Callable[[pl.DataFrame], pl.DataFrame],
) -> int:
    """Stages every frame (one year, the same columns), calling progress after each; each(frame),
    on the parsing thread as a frame is ready, gives the frame to stage (first_row added).
    Returns the rows staged."""
    if conn.dialect.name == "postgresql":
        return _copy(conn, frames, progress, each)
    return _insert(conn, frames, progress, each)


def _insert(
    conn: Connection,
    frames: Iterable[pl.DataFrame],
    progress: Callable[[], None],
    each: Callable[[pl.DataFrame], pl.DataFrame],
) -> int:
    """SQLite: executemany of each frame's rows as tuples, in the caller's transaction."""
    staged = 0
    cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with _Ahead(frames, FRAMES_AHEAD, lambda frame: _rows(frame_in_kwh(each(frame)))) as ready:
            for batch in ready:
                marks = ", ".join("?" for _ in batch.columns)
                sql = f"INSERT INTO {STAGING} ({', '.join(batch.columns)}) VALUES ({marks})"
                cursor.executemany(sql, batch.data)
                staged += batch.rows
                progress()
    finally:
        cursor.close()
    return staged


def _copy(
    conn: Connection,
    frames: Iterable[pl.DataFrame],
    progress: Callable[[], None],
    each: Callable[[pl.DataFrame], pl.DataFrame],
) -> int:
    """PostgreSQL: COPY of each frame as CSV into a fresh table, created with the first frame."""
    staged = 0
    with _Ahead(frames, FRAMES_AHEAD, lambda frame: _csv(frame_in_kwh(each(frame)))) as ready:
        first = next(ready, None)
        if first is None:
            return 0
        table = _create(conn, first.year)
        sql = f"COPY {table} ({', '.join(first.columns)}) FROM STDIN WITH (FORMAT csv, FREEZE)"
        cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(sql) as copy:
                for batch in _chain(first, ready):
                    copy.write(batch.data)
                    staged += batch.rows
                    progress()
        finally:
            cursor.close()
    return staged


def _create(conn: Connection, year: int) -> str:
    """PostgreSQL: generators' columns, the digest and first_row (dropped before the swap), held
    to the year so attaching it as the year's partition needs no scan; no index until rows are in.

    The columns are read from the catalog rather than by LIKE, which would lock generators
    until the commit: an ingestion of another year could then not swap its partition in."""
    table = staging_table(conn)
    columns = conn.execute(
        text(
            "SELECT quote_ident(attname), format_type(atttypid, atttypmod), attnotnull "
            "FROM pg_attribute WHERE attrelid = CAST('generators' AS regclass) "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        )
    ).all()
    definitions = [
        f"{name} {kind}{' NOT NULL' if required else ''}" for name, kind, required in columns
    ]
    conn.execute(
        text(
            f"CREATE TABLE {table} ({', '.join(definitions)}, {EXTRA}, "
            f"CONSTRAINT {table}_year CHECK (year = {int(year)}))"
        )
    )
    return table


T = TypeVar("T")


class _Batch(NamedTuple, Generic[T]):
    """A frame as the database takes it: CSV for COPY, tuples for executemany."""

    year: int
    columns: list[str]
    rows: int
    data: T


def _csv(frame: pl.DataFrame) -> _Batch[bytes]:
    out = io.BytesIO()
    frame.write_csv(out, include_header=False, null_value="")
    return _Batch(int(frame.item(0, "year")), frame.columns, frame.height, out.getvalue())


def _rows(frame: pl.DataFrame) -> _Batch[list[tuple[Any, ...]]]:
    return _Batch(int(frame.item(0, "year")), frame.columns, frame.height, frame.rows())


def _chain(first: T, rest: Iterator[T]) -> Iterator[T]:
    yield first
    yield from rest


class _Ahead(Generic[T]):
    """Frames made ready for the database, on a thread at most `depth` ahead of the consumer."""

    def __init__(
        self,
        frames: Iterable[pl.DataFrame],
        depth: int,
        ready: Callable[[pl.DataFrame], T],
    ) -> None:
        self._frames = frames
        self._ready = ready
        self._queue: queue.Queue[T | BaseException | None] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="gridlens-parse", daemon=True)

    def __enter__(self) -> Iterator[T]:
        self._thread.start()
        return self._consume()

    def __exit__(self, *exc: object) -> None:
        """Stops the producer (after the frame it is on) and waits for it."""
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()

    def _produce(self) -> None:
        try:
            for frame in self._frames:
                if not self._put(self._ready(frame)):
                    return
        except BaseException as error:  # raised again on the consumer's thread
            self._put(error)
            return
        self._put(None)

    def _put(self, item: T | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def _consume(self) -> Iterator[T]:
        while (item := self._queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
