"""GEN23 made N times larger: copies with distinct plant codes and sequence numbers."""

from __future__ import annotations

import csv
from pathlib import Path

PLANT_STRIDE = 100_000  # above every real ORISPL, so copies never merge with real plants


def multiply_gen23(gen23: Path, out: Path, copies: int) -> Path:
    """Write gen23 `copies` times over as one sheet (both header rows once)."""
    with gen23.open(encoding="utf-8", newline="") as src:
        reader = csv.reader(src)
        descriptions, header = next(reader), next(reader)
        data = list(reader)
    seq_col, plant_col = header.index("SEQGEN23"), header.index("ORISPL")
    with out.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow(descriptions)
        writer.writerow(header)
        for copy in range(copies):
            offset = copy * PLANT_STRIDE
            seq_offset = copy * len(data)
            for row in data:
                row = list(row)
                row[seq_col] = str(int(row[seq_col]) + seq_offset)
                row[plant_col] = str(int(row[plant_col]) + offset)
                writer.writerow(row)
    return out
