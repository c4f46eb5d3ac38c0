"""Where one ingestion loads its rows before the year is swapped in.

PostgreSQL: a fresh table shaped as a year's partition of `generators` (plus what the checks and
the swap need: each row's digest, whether it is its plant's first), filled by COPY while the sheet
is still being parsed, then indexed and attached in place of the year's old partition (swap.py).
SQLite: a temporary table filled in batches, copied into `generators` on the swap.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Connection, text

from gridlens.egrid.rows import GeneratorRow
from gridlens.ingest import swap
from gridlens.ingest.scratch import FUELS, STAGING

if TYPE_CHECKING:
    import polars as pl

# Generation is stored as integer kWh: GENNTAN has at most three decimals of a MWh, so
# round(mwh * 1000) is exact, and every sum the database makes of it is exact too. Converted here,
# as rows or frames enter staging, and nowhere else.
KWH = {
    "net_generation_mwh": "net_generation_kwh",
    "ozone_net_generation_mwh": "ozone_net_generation_kwh",
}
COLUMNS = tuple(KWH.get(name, name) for name in GeneratorRow._fields)
_KWH_AT = [GeneratorRow._fields.index(name) for name in KWH]
_TYPES = {
    "line": "INTEGER NOT NULL",
    "seq": "INTEGER",
    "year": "INTEGER NOT NULL",
    "plant_id": "INTEGER NOT NULL",
    "generator_id": "TEXT",
    "state": "TEXT NOT NULL",
    "plant_name": "TEXT NOT NULL",
    "status": "TEXT",
    "prime_mover": "TEXT",
    "fuel": "TEXT",
    "nameplate_mw": "DOUBLE PRECISION",
    "capacity_factor": "DOUBLE PRECISION",
    "net_generation_kwh": "BIGINT",
    "ozone_net_generation_kwh": "BIGINT",
    "generation_source": "TEXT",
    "year_online": "INTEGER",
    "year_retired": "INTEGER",
    "boilers": "INTEGER",
    "digest": "BIGINT NOT NULL",
}
# Sorts and hashes of the whole-file checks and the plant aggregate stay in memory.
WORK_MEM = "256MB"
# Parsed frames waiting for COPY: enough to keep both busy, few enough to bound memory.
FRAMES_AHEAD = 2


def staging_table(conn: Connection) -> str:
    """The table this connection stages into; on PostgreSQL unique to its session."""
    if conn.dialect.name == "postgresql":
        dbapi: Any = conn.connection.dbapi_connection
        return f"gridlens_load_{dbapi.info.backend_pid}"
    return STAGING


def create_staging(conn: Connection) -> None:
    """SQLite's temporary table, and on both the table of each plant's primary fuel."""
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
    columns = ", ".join(f"{name} {_TYPES[name]}" for name in COLUMNS)
    conn.execute(text(f"DROP TABLE IF EXISTS {STAGING}"))
    conn.execute(text(f"CREATE TEMPORARY TABLE {STAGING} ({columns})"))


def keep_fuel_plants(conn: Connection, plant_ids: list[int]) -> None:
    """PostgreSQL: the plants that may have more than one fuel, whose primary fuel the swap ranks
    (every other plant has one at most)."""
    conn.execute(
        text(f"INSERT INTO {FUELS} (plant_id) SELECT unnest(CAST(:plants AS integer[]))"),
        {"plants": plant_ids},
    )


def index_staging(conn: Connection) -> None:
    """Indexes the cross-row checks and the swap lean on, built once after the bulk load: on
    PostgreSQL those of a partition of generators, which the staged table becomes."""
    if conn.dialect.name == "postgresql":
        swap.index_generators(conn, staging_table(conn))
        return
    conn.execute(text(f"CREATE INDEX {STAGING}_plant ON {STAGING} (plant_id, line)"))


def kwh(mwh: float | None) -> int | None:
    """MWh with at most three decimals as integer kWh; None (unknown) stays None."""
    return None if mwh is None else round(mwh * 1000)


def row_in_kwh(row: GeneratorRow) -> tuple[object, ...]:
    """A row as staged (COLUMNS): its generation in kWh."""
    values: list[object] = list(row)
    for at in _KWH_AT:
        values[at] = kwh(cast(float | None, row[at]))
    return tuple(values)


def frame_in_kwh(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame as staged: its generation in kWh, rounded as kwh() rounds a value."""
    import polars as pl

    return frame.with_columns(
        (pl.col(mwh) * 1000).round(0).cast(pl.Int64).alias(name) for mwh, name in KWH.items()
    ).drop(*KWH)


class StagingLoader:
    """Bulk-loads chunks of rows into SQLite's staging table, executemany in one transaction."""

    def __init__(self, conn: Connection) -> None:
        self._dbapi: Any = conn.connection.dbapi_connection
        self.rows = 0

    def load(self, rows: Iterable[GeneratorRow]) -> None:
        cursor = self._dbapi.cursor()
        try:
            batch = [row_in_kwh(row) for row in rows]
            placeholders = ", ".join("?" for _ in COLUMNS)
            cursor.executemany(f"INSERT INTO {STAGING} VALUES ({placeholders})", batch)
            self.rows += len(batch)
        finally:
            cursor.close()


class FrameLoader:
    """COPYs frames of one year's rows into a fresh table shaped as a partition of generators.

    The frames are produced (the sheet parsed) on a thread while COPY sends the ones before, so
    parsing and PostgreSQL's loading overlap.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dbapi: Any = conn.connection.dbapi_connection
        self.table = staging_table(conn)
        self.rows = 0

    def load(
        self,
        frames: Iterable[pl.DataFrame],
        progress: Callable[[], None],
        each: Callable[[pl.DataFrame], pl.DataFrame],
    ) -> None:
        """COPY every frame (one year, the same columns), calling progress after each; each(frame),
        on the parsing thread as a frame is ready, gives the frame to COPY (first_row added)."""
        with _Ahead(frames, FRAMES_AHEAD, lambda frame: frame_in_kwh(each(frame))) as ready:
            first = next(ready, None)
            if first is None:
                return
            self._create(first.year)
            sql = (
                f"COPY {self.table} ({', '.join(first.columns)}) "
                "FROM STDIN WITH (FORMAT csv, FREEZE)"
            )
            cursor = self._dbapi.cursor()
            try:
                with cursor.copy(sql) as copy:
                    for batch in _chain(first, ready):
                        copy.write(batch.data)
                        self.rows += batch.rows
                        progress()
            finally:
                cursor.close()

    def _create(self, year: int) -> None:
        """generators' columns, the digest and first_row (dropped before the swap), held to the
        year so attaching it as the year's partition needs no scan; no index until rows are in.

        The columns are read from the catalog rather than by LIKE, which would lock generators
        until the commit: an ingestion of another year could then not swap its partition in."""
        columns = self._conn.execute(
            text(
                "SELECT quote_ident(attname), format_type(atttypid, atttypmod), attnotnull "
                "FROM pg_attribute WHERE attrelid = CAST('generators' AS regclass) "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
            )
        ).all()
        definitions = [
            f"{name} {kind}{' NOT NULL' if required else ''}" for name, kind, required in columns
        ]
        self._conn.execute(
            text(
                f"CREATE TABLE {self.table} ({', '.join(definitions)}, "
                "digest BIGINT NOT NULL, first_row BOOLEAN NOT NULL, "
                f"CONSTRAINT {self.table}_year CHECK (year = {int(year)}))"
            )
        )


class _Batch(NamedTuple):
    """A frame written as CSV for COPY."""

    year: int
    columns: list[str]
    rows: int
    data: bytes


def _batch(frame: pl.DataFrame) -> _Batch:
    out = io.BytesIO()
    frame.write_csv(out, include_header=False, null_value="")
    return _Batch(int(frame.item(0, "year")), frame.columns, frame.height, out.getvalue())


def _chain(first: _Batch, rest: Iterator[_Batch]) -> Iterator[_Batch]:
    yield first
    yield from rest


class _Ahead:
    """Frames as CSV batches, produced on a thread at most `depth` ahead of the consumer."""

    def __init__(
        self,
        frames: Iterable[pl.DataFrame],
        depth: int,
        each: Callable[[pl.DataFrame], pl.DataFrame],
    ) -> None:
        self._frames = frames
        self._each = each
        self._queue: queue.Queue[_Batch | BaseException | None] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="gridlens-parse", daemon=True)

    def __enter__(self) -> Iterator[_Batch]:
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
                if not self._put(_batch(self._each(frame))):
                    return
        except BaseException as error:  # raised again on the consumer's thread
            self._put(error)
            return
        self._put(None)

    def _put(self, item: _Batch | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def _consume(self) -> Iterator[_Batch]:
        while (item := self._queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
