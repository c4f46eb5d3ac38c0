"""A generator sheet made N times larger: copies with distinct plant codes and sequence numbers,
one file (GEN23 unless told which)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bench.common import WORK, need_gen23, say

PLANT_STRIDE = 100_000  # above every real ORISPL, so copies never merge with real plants


def multiplied(copies: int, sheet: Path | None = None) -> Path:
    """WORK/{stem}x{copies}.csv (gen23x100.csv), written once and kept (git-ignored) for later
    runs. The sheet's own layout is kept (its header rows, a BOM, Excel's displayed numbers);
    only the rows' ends become LF."""
    source_path = sheet or need_gen23()
    if copies == 1:
        return source_path
    out = WORK / f"{source_path.stem}x{copies}.csv"
    stamp = out.with_suffix(".stamp")
    expected = f"{source_path.stat().st_size}:{source_path.stat().st_mtime_ns}:{copies}"
    if out.is_file() and stamp.is_file() and stamp.read_text() == expected:
        return out
    say(f"writing {out.name} ({copies} copies of {source_path.name})")
    with source_path.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        descriptions, header = next(reader), next(reader)
        rows = list(reader)
    # SEQGEN23, SEQGEN22; GEN21 says SEQGEN.
    seq_at = next(at for at, name in enumerate(header) if name.startswith("SEQGEN"))
    plant_at = header.index("ORISPL")
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
