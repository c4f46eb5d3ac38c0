"""GEN23 made N times larger: copies with distinct plant codes and sequence numbers, one file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bench.common import WORK, need_gen23, say

PLANT_STRIDE = 100_000  # above every real ORISPL, so copies never merge with real plants


def multiplied(copies: int) -> Path:
    """WORK/gen23x{copies}.csv, written once and kept (git-ignored) for later runs."""
    gen23 = need_gen23()
    if copies == 1:
        return gen23
    out = WORK / f"gen23x{copies}.csv"
    stamp = out.with_suffix(".stamp")
    expected = f"{gen23.stat().st_size}:{gen23.stat().st_mtime_ns}:{copies}"
    if out.is_file() and stamp.is_file() and stamp.read_text() == expected:
        return out
    say(f"writing {out.name} ({copies} copies of gen23.csv)")
    with gen23.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        descriptions, header = next(reader), next(reader)
        rows = list(reader)
    seq_at, plant_at = header.index("SEQGEN23"), header.index("ORISPL")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow(descriptions)
        writer.writerow(header)
        for copy in range(copies):
            block = io.StringIO()
            block_writer = csv.writer(block, lineterminator="\n")
            for row in rows:
                row = list(row)
                row[seq_at] = str(int(row[seq_at]) + copy * len(rows))
                row[plant_at] = str(int(row[plant_at]) + copy * PLANT_STRIDE)
                block_writer.writerow(row)
            sink.write(block.getvalue())
    stamp.write_text(expected)
    return out
