"""`gridlens egrid fetch`: a workbook served over real HTTP becomes a CSV that ingests as EPA's."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from gridlens.egrid.frames import FrameReader
from gridlens.epa.fetch import fetch_generator_csv
from gridlens.epa.workbook import generator_sheet_name

FIELDS = ["plant_id", "generator_id", "net_generation_mwh"]
HEADER = ["SEQGEN23", "YEAR", "PSTATEABB", "PNAME", "ORISPL", "GENID", "GENNTAN", "NAMEPCAP"]


def workbook(path: Path) -> Path:
    """A small eGRID-like workbook: a notes sheet first, then GEN23 with both header rows."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Contents"
    notes.append(["eGRID2023 (synthetic test workbook)"])
    sheet = book.create_sheet("GEN23")
    sheet.append([f"Description of {name}" for name in HEADER])
    sheet.append(HEADER)
    sheet.append([1, 2023, "AZ", "Palo Verde", 6008, "1", 10_507_530.0, 1403.0])
    sheet.append([2, 2023, "AZ", "Palo Verde", 6008, "0002", None, 1403.0])
    sheet.append([3, 2023, "CA", "Battery, Inc.", 60001, "B1", -1234.5, 20.0])
    book.save(path)
    return path


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """An HTTP server on loopback serving tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()
    workbook(root / "egrid2023.xlsx")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_converts_the_generator_sheet(served: str, tmp_path: Path) -> None:
    out = tmp_path / "store" / "gen23.csv"
    assert fetch_generator_csv(f"{served}/egrid2023.xlsx", out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == ",".join(HEADER)
    assert lines[2:] == [
        "1,2023,AZ,Palo Verde,6008,1,10507530,1403",
        "2,2023,AZ,Palo Verde,6008,0002,,1403",
        '3,2023,CA,"Battery, Inc.",60001,B1,-1234.5,20',
    ]
    with out.open("rb") as stream:
        frames = list(FrameReader(stream, "gen23.csv").frames())
    rows = [row for frame in frames for row in frame.select(FIELDS).iter_rows()]
    assert rows == [
        (6008, "1", 10_507_530.0),
        (6008, "0002", None),
        (60001, "B1", -1234.5),
    ]


def test_a_missing_workbook_leaves_no_file(served: str, tmp_path: Path) -> None:
    out = tmp_path / "gen23.csv"
    with pytest.raises(Exception, match="404"):
        fetch_generator_csv(f"{served}/nope.xlsx", out)
    assert not out.exists()


def test_the_generator_sheet_is_found_by_name() -> None:
    assert generator_sheet_name(["Contents", "UNT23", "GEN23", "PLNT23"]) == "GEN23"
    with pytest.raises(ValueError, match="no generator sheet"):
        generator_sheet_name(["Contents", "PLNT23"])
