"""Reading an EIA plant-locations CSV: header, the file's quirks, each kind of reject."""

from __future__ import annotations

import re

import pytest

from gridlens.egrid.locations import LocationReader, LocationRow, is_locations_header
from gridlens.egrid.sheet import SheetError

HEADER = (
    "X,Y,Plant_Code,Plant_Name,Utility_Name,City,County,State,PrimSource,Total_MW,Period,"
    "Longitude,Latitude\r\n"
)


def read(text: str, bom: bool = False) -> LocationReader:
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    # Split at LF only, as ingest.reading does: a CR inside a quoted cell stays in its line.
    return LocationReader(re.split(b"(?<=\n)", raw), "eia.csv")


def test_bom_full_state_names_and_stray_carriage_returns() -> None:
    reader = read(
        HEADER + '-112.86,33.39,6008,Palo Verde,"Arizona Public Service Co\r",Tonopah,Maricopa,'
        "Arizona,nuclear,3937,202311,-112.8617,33.3881\r\n"
        + "-87.1,34.7,46,Browns Ferry,TVA,Athens,Limestone,district of  columbia,Nuclear,,,"
        "-87.1189,34.7042\r\n",
        bom=True,
    )
    assert list(reader.rows()) == [
        LocationRow(6008, 2, 33.3881, -112.8617, "AZ", "Palo Verde", "Tonopah", "Maricopa",
                    "Arizona Public Service Co", "nuclear", 3937.0, "2023-11"),
        LocationRow(46, 3, 34.7042, -87.1189, "DC", "Browns Ferry", "Athens", "Limestone",
                    "TVA", "nuclear", None, None),
    ]  # fmt: skip
    assert reader.report.encoding == "utf-8-sig"
    assert reader.report.rejects.count == 0


def test_each_bad_cell_is_rejected_with_its_line_and_column() -> None:
    good = "0,0,{code},P{code},U,C,K,{state},solar,1,202311,{lon},{lat}\n"
    reader = read(
        HEADER
        + good.format(code=1, state="Texas", lon=-97, lat=31)
        + good.format(code=2, state="Texas", lon=-97, lat=91)
        + good.format(code=3, state="Ontario", lon=-79, lat=44)
        + good.format(code="x", state="Texas", lon=-97, lat=31)
        + good.format(code=1, state="Texas", lon=-97, lat=31)
        + good.format(code=5, state="TX", lon=-181, lat=31)
        + "0,0,6,short\n"
        + "\n"
    )
    assert [row.plant_id for row in reader.rows()] == [1]
    found = [(f.line, f.column, f.value) for f in reader.report.rejects.first]
    assert found == [
        (3, "Latitude", "91"),
        (4, "State", "Ontario"),
        (5, "Plant_Code", "x"),
        (6, "Plant_Code", "1"),
        (7, "Longitude", "-181"),
        (8, None, None),
    ]
    assert reader.report.rejects.first[3].reason == "plant code already on line 2"
    assert reader.report.rows_read == 7


def test_a_missing_column_refuses_the_file_naming_it() -> None:
    with pytest.raises(SheetError) as refused:
        read("Plant_Code,Plant_Name,State,Longitude\n1,A,Texas,-97\n")
    assert str(refused.value) == (
        "eia.csv line 1: missing required plant-location column(s): Latitude"
    )
    assert refused.value.column == "Latitude"


def test_the_header_tells_the_layouts_apart() -> None:
    assert is_locations_header(b"\xef\xbb\xbf" + HEADER.encode())
    assert not is_locations_header(b"SEQGEN23,YEAR,PSTATEABB,PNAME,ORISPL,GENID\n")
    assert not is_locations_header(b"Generator file sequence number,Plant_Codes\n")
