"""Download EPA's eGRID workbook and keep its generator sheet as CSV."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx

from gridlens.epa.workbook import workbook_to_csv


def fetch_generator_csv(url: str, out: Path, timeout: float = 60.0) -> int:
    """Stream the workbook to a temporary file, convert its GEN sheet, write out atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "egrid.xlsx"
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            response.raise_for_status()
            with xlsx.open("wb") as sink:
                for block in response.iter_bytes(1 << 20):
                    sink.write(block)
        partial = out.with_suffix(".csv.partial")
        with partial.open("w", encoding="utf-8", newline="") as sink:
            rows = workbook_to_csv(xlsx, sink)
        os.replace(partial, out)
    return rows
