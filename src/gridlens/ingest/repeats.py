"""Where repeats may be in a sheet, found from its frames as they stream.

The whole-file checks (checks.py) then look in SQL only at the rows that may hold one, instead of
ranking every staged row. Every repeat but a sequence number's stays within a plant (a copied row
is the same plant's), so each frame is looked at alone; a plant whose rows come in more than one
frame ("spanning") is left whole to SQL. Sequence numbers are kept, 4 bytes a row, and compared at
the end. A plant's generator IDs and places (state and name) are compared by 64-bit hashes: a
collision adds a candidate SQL clears, or (two places of one plant hashing alike) misses a warning,
as unlikely as two different rows sharing a digest. Fuels are compared as they are.
"""

from __future__ import annotations

import polars as pl

from gridlens.ingest.checks import Candidates

_SEED = 0x67726964
# Plant codes below this are marked seen in a Series; the rare larger ones in a set.
_DENSE_PLANTS = 1 << 24


class Repeats:
    """Looks at each frame of staged rows for repeats, keeping only what may still repeat."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self._seqs: list[pl.Series] = []
        self._copies: list[pl.Series] = []
        self._generators: list[pl.Series] = []
        self._mixed: list[pl.Series] = []
        self._fuels: list[pl.Series] = []
        self._spanning: list[pl.Series] = []
        self._seen = pl.Series("seen", [False] * (1 << 16))  # by plant code: a row was seen
        self._seen_large: set[int] = set()

    def add(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Takes a frame of staged rows (egrid.frames.SCHEMA columns, in line order); returns it
        with first_row: whether the row is its plant's first in the sheet."""
        first = self._first_rows(frame["plant_id"])
        self._seqs.append(frame["seq"].drop_nulls().cast(pl.Int32))
        plant, generator_id = pl.col("plant_id"), pl.col("generator_id")
        keys = frame.lazy().select(
            plant,
            "digest",
            pl.when(generator_id.is_not_null())
            .then(pl.struct(plant, generator_id).hash(_SEED))
            .alias("generator"),
            pl.struct("state", "plant_name").hash(_SEED).alias("place"),
            "fuel",
        )
        copies, generators, plants = pl.collect_all(
            [
                keys.filter(pl.col("digest").is_duplicated()).select(plant.unique()),
                keys.filter(
                    pl.col("generator").is_duplicated() & pl.col("generator").is_not_null()
                ).select(plant.unique()),
                keys.group_by(plant).agg(
                    (pl.col("place").min() != pl.col("place").max()).alias("mixed"),
                    (pl.col("fuel").min() != pl.col("fuel").max()).fill_null(False).alias("fuels"),
                ),
            ]
        )
        self._copies.append(copies["plant_id"])
        self._generators.append(generators["plant_id"])
        self._mixed.append(plants.filter("mixed")["plant_id"])
        self._fuels.append(plants.filter("fuels")["plant_id"])
        return frame.with_columns(first_row=first)

    def _first_rows(self, plants: pl.Series) -> pl.Series:
        """Where a row's plant shows for the first time: first in this frame and unseen before.
        A plant seen before spans frames."""
        first = plants.is_first_distinct()
        dense = plants < _DENSE_PLANTS
        at = (first & dense).arg_true()
        codes = plants.gather(at)
        if not codes.is_empty():
            top = int(codes.max())  # type: ignore[arg-type]
            if top >= len(self._seen):
                grow = min(max(top + 1, 2 * len(self._seen)), _DENSE_PLANTS) - len(self._seen)
                self._seen = self._seen.extend_constant(False, grow)
            seen = self._seen.gather(codes)
            self._seen.scatter(codes, True)
            self._spanning.append(codes.filter(seen))
            first = first.scatter(at, ~seen)
        for index in (first & ~dense).arg_true().to_list():  # rare: codes of 2**24 and more
            code = plants[index]
            if code in self._seen_large:
                first[index] = False
                self._spanning.append(pl.Series([code], dtype=plants.dtype))
            self._seen_large.add(code)
        return first

    def candidates(self, year: int) -> Candidates:
        """What SQL looks at among the staged rows of year; the memory taken goes back."""
        seqs = pl.concat(self._seqs).sort() if self._seqs else pl.Series([], dtype=pl.Int32)
        self._seqs.clear()
        # SQL decides for every plant spanning frames.
        candidates = Candidates(
            year=year,
            copy_plants=_unique([*self._copies, *self._spanning]),
            seqs=_unique([seqs.filter((seqs == seqs.shift(1)).fill_null(False))]),
            generator_plants=_unique([*self._generators, *self._spanning]),
            mixed_plants=_unique([*self._mixed, *self._spanning]),
            fuel_plants=_unique([*self._fuels, *self._spanning]),
        )
        self._clear()
        return candidates


def _unique(parts: list[pl.Series]) -> list[int]:
    parts = [part.cast(pl.Int64) for part in parts]
    return pl.concat(parts).unique().sort().to_list() if parts else []
