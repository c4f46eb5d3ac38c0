"""Generation enters staging as integer kWh, the same from a row and from a frame."""

from __future__ import annotations

import polars as pl

from gridlens.egrid.frames import rows_frame
from gridlens.egrid.rows import GeneratorRow
from gridlens.ingest.staging import COLUMNS, frame_in_kwh, kwh, row_in_kwh

# GENNTAN values with three decimals that binary floats do not hold exactly, and the edges.
MWH = [9_747_254.333, 30_820_509.999, -11.383, 0.001, -2529.0, 0.0, 4_188_971_343.358, None]


def row(line: int, mwh: float | None) -> GeneratorRow:
    return GeneratorRow(
        line, None, 2023, 46, "1", "AL", "Browns Ferry", "OP", "ST", "NUC",
        1.0, 0.5, mwh, mwh, None, None, None, None, 0,
    )  # fmt: skip


def test_kwh_is_exact() -> None:
    assert [kwh(value) for value in MWH] == [
        9_747_254_333,
        30_820_509_999,
        -11_383,
        1,
        -2_529_000,
        0,
        4_188_971_343_358,
        None,
    ]


def test_rows_and_frames_stage_the_same_values() -> None:
    rows = [row(line, value) for line, value in enumerate(MWH, start=3)]
    staged_rows = [dict(zip(COLUMNS, row_in_kwh(r), strict=True)) for r in rows]
    frame = frame_in_kwh(rows_frame(rows))

    assert frame.schema["net_generation_kwh"] == pl.Int64()
    for name in ("net_generation_kwh", "ozone_net_generation_kwh"):
        assert frame[name].to_list() == [r[name] for r in staged_rows] == [kwh(v) for v in MWH]
    assert "net_generation_mwh" not in frame.columns
