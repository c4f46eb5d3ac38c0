"""Generation enters staging as integer kWh, exactly."""

from __future__ import annotations

import polars as pl

from gridlens.ingest.staging import frame_in_kwh, kwh

# GENNTAN values with three decimals that binary floats do not hold exactly, and the edges.
MWH = [9_747_254.333, 30_820_509.999, -11.383, 0.001, -2529.0, 0.0, 4_188_971_343.358, None]
KWH = [9_747_254_333, 30_820_509_999, -11_383, 1, -2_529_000, 0, 4_188_971_343_358, None]


def test_kwh_is_exact() -> None:
    assert [kwh(value) for value in MWH] == KWH


def test_frames_stage_the_same_values() -> None:
    mwh = pl.Series(MWH, dtype=pl.Float64)
    frame = frame_in_kwh(pl.DataFrame({"net_generation_mwh": mwh, "ozone_net_generation_mwh": mwh}))

    assert frame.schema["net_generation_kwh"] == pl.Int64()
    for name in ("net_generation_kwh", "ozone_net_generation_kwh"):
        assert frame[name].to_list() == KWH
    assert "net_generation_mwh" not in frame.columns
