"""Rows per second of the reader (FrameReader) on the shared eGRID files; run from the root."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from gridlens.egrid.frames import FrameReader

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "egrid"
FILES = ("gen23.csv", "gen22_excel_formatted.csv", "gen21_bom_excel_formatted.csv")
REPEATS = 7  # best of, as other processes on the machine add noise


def parse_seconds(path: Path) -> tuple[int, float, float]:
    """Rows yielded, wall and CPU seconds for one full read of path, file opening included."""
    wall, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as lines:
        reader = FrameReader(lines, path.name)
        rows = sum(frame.height for frame in reader.frames())
    return rows, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    if not SHARED.is_dir():
        print(f"no shared eGRID data at {SHARED.resolve()}", file=sys.stderr)
        return 1
    for name in FILES:
        runs = [parse_seconds(SHARED / name) for _ in range(REPEATS)]
        rows = runs[0][0]
        wall = min(run[1] for run in runs)
        cpu = min(run[2] for run in runs)
        print(
            f"{name:32} {rows:>7,} rows  {wall:6.3f} s  {rows / wall:>9,.0f} rows/s"
            f"  (CPU {rows / cpu:,.0f} rows/s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
