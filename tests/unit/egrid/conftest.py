"""Fixtures for the eGRID parser tests: the shared real files and a reader over test bytes."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from gridlens.egrid.frames import FrameReader
from gridlens.egrid.rows import GeneratorRow, ReadReport

# The repository root's parent holds shared/ (see shared/data/egrid/README.md).
SHARED_EGRID = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "egrid"

ReadSheet = Callable[..., tuple[list[GeneratorRow], ReadReport]]


def find_shared_egrid(folder: Path, environ: Mapping[str, str]) -> Path:
    """folder when it exists; else skip with the reason, or fail when environ says CI=true."""
    if folder.is_dir():
        return folder.resolve()
    reason = f"shared eGRID data not found at {folder.resolve()}"
    if environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true, so the real-data tests must run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_egrid() -> Path:
    """The folder of real eGRID CSVs; skips without it, except under CI=true, where it fails."""
    return find_shared_egrid(SHARED_EGRID, os.environ)


def rows_of(reader: FrameReader) -> list[GeneratorRow]:
    """Every clean row the reader streams, as GeneratorRow."""
    return [GeneratorRow(*row) for frame in reader.frames() for row in frame.iter_rows()]


@pytest.fixture
def read_sheet() -> ReadSheet:
    """A function reading CSV bytes as a binary file would give them: rows and the report."""

    def read(
        data: bytes, chunk_rows: int = 20_000, source: str = "test.csv"
    ) -> tuple[list[GeneratorRow], ReadReport]:
        reader = FrameReader(io.BytesIO(data), source, chunk_rows)
        return rows_of(reader), reader.report

    return read
