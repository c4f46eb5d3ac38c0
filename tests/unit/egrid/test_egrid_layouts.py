"""Ways people turn the eGRID workbook into CSV: header rows, encodings, line endings, quoting."""

from __future__ import annotations

import io

import pytest

from gridlens.egrid.frames import FrameReader
from gridlens.egrid.sheet import SheetError
from tests.unit.egrid.conftest import ReadSheet, rows_of

DESCRIPTIONS = (
    "Generator file sequence number,Data Year,Plant state abbreviation,Plant name,"
    "DOE/EIA ORIS plant or facility code,Generator ID,Number of associated boilers,"
    "Generator status,Generator prime mover type,Generator primary fuel,"
    "Generator nameplate capacity (MW),Generator capacity factor,"
    "Generator annual net generation (MWh),Generator ozone season net generation (MWh),"
    "Generation data source,Generator year on-line,Generator planned or actual retirement year"
)
GEN23 = (
    "SEQGEN23,YEAR,PSTATEABB,PNAME,ORISPL,GENID,NUMBLR,GENSTAT,PRMVR,FUELG1,NAMEPCAP,CFACT,"
    "GENNTAN,GENNTOZ,GENERSRC,GENYRONL,GENYRRET"
)
ROWS_23 = (
    "1,2023,AK,Alakanuk,57053,UNIT4,,SB,IC,DFO,0.8,0,0,0,EIA-923 Generation and Fuel,2013,",
    "2,2023,AK,Allison Creek Hydro,58982,GEN1,,OP,HY,WAT,6.5,0.368,20961,17902,EIA-923,2016,",
    "3,2023,AZ,Palo Verde,6008,1,,OP,ST,NUC,1403.0,0.857,10526342.5,4486001,EIA-923,1986,2045",
)


def csv_bytes(*lines: str, newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return "".join(line + newline for line in lines).encode(encoding)


def test_epa_two_header_rows(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(csv_bytes(DESCRIPTIONS, GEN23, *ROWS_23))
    assert report.header_line == 2
    assert [(r.line, r.seq, r.plant_id, r.generator_id) for r in rows] == [
        (3, 1, 57053, "UNIT4"),
        (4, 2, 58982, "GEN1"),
        (5, 3, 6008, "1"),
    ]
    palo_verde = rows[2]
    assert palo_verde._replace(digest=0) == (
        5, 3, 2023, 6008, "1", "AZ", "Palo Verde", "OP", "ST", "NUC", 1403.0, 0.857,
        10526342.5, 4486001.0, "EIA-923", 1986, 2045, None, 0,
    )  # fmt: skip
    assert (report.rows_read, report.rows_yielded, report.rows_skipped) == (3, 3, 0)
    assert (report.year, report.encoding, report.cp1252_lines) == (2023, "utf-8", 0)
    assert report.rejects.count == report.warnings.count == 0


def test_abbreviations_only(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(csv_bytes(GEN23, *ROWS_23))
    assert report.header_line == 1
    assert [r.line for r in rows] == [2, 3, 4]


def test_pandas_index_column(read_sheet: ReadSheet) -> None:
    data = csv_bytes("," + GEN23, *(f"{i},{row}" for i, row in enumerate(ROWS_23)))
    rows, report = read_sheet(data)
    assert [(r.seq, r.plant_id) for r in rows] == [(1, 57053), (2, 58982), (3, 6008)]
    assert report.rejects.count == 0


def test_apple_numbers_export(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(csv_bytes("Table 1", "", GEN23, *ROWS_23))
    assert report.header_line == 3
    assert [r.line for r in rows] == [4, 5, 6]
    rows, report = read_sheet(
        csv_bytes("Table 1", ",,,,,,,,,,,,,,,,", DESCRIPTIONS, GEN23, *ROWS_23)
    )
    assert report.header_line == 4
    assert len(rows) == 3


def test_utf8_bom_crlf_and_plain_seqgen_like_gen21(read_sheet: ReadSheet) -> None:
    gen21 = GEN23.replace("SEQGEN23", "SEQGEN").replace("PSTATEABB", "PSTATABB")
    body = [row.replace(",2023,", ",2021,") for row in ROWS_23]
    data = b"\xef\xbb\xbf" + csv_bytes(DESCRIPTIONS, gen21, *body, newline="\r\n")
    rows, report = read_sheet(data)
    assert [(r.seq, r.year, r.state) for r in rows] == [
        (1, 2021, "AK"),
        (2, 2021, "AK"),
        (3, 2021, "AZ"),
    ]
    assert rows[0].generation_source == "EIA-923 Generation and Fuel"  # no stray CR
    assert (report.header_line, report.encoding) == (2, "utf-8-sig")


def test_crlf_and_lf_read_alike(read_sheet: ReadSheet) -> None:
    lf, _ = read_sheet(csv_bytes(DESCRIPTIONS, GEN23, *ROWS_23))
    crlf, _ = read_sheet(csv_bytes(DESCRIPTIONS, GEN23, *ROWS_23, newline="\r\n"))
    assert crlf == lf


def test_classic_mac_cr_line_endings(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(csv_bytes(GEN23, *ROWS_23, newline="\r"))
    assert [r.line for r in rows] == [2, 3, 4]
    assert report.rejects.count == 0


def test_windows_1252_bytes(read_sheet: ReadSheet) -> None:
    row = "4,2023,PR,Caño Grande,61234,CG1,,OP,PV,SUN,5,0.2,8760,3650,EIA-923,2020,"
    rows, report = read_sheet(csv_bytes(GEN23, *ROWS_23, row, encoding="cp1252"))
    assert rows[-1].plant_name == "Caño Grande"
    assert (report.encoding, report.cp1252_lines) == ("windows-1252", 1)


def test_utf8_and_windows_1252_lines_mixed(read_sheet: ReadSheet) -> None:
    utf8 = "4,2023,PR,Peñuelas,61235,P1,,OP,PV,SUN,5,0.2,8760,3650,EIA-923,2020,"
    cp1252 = "5,2023,PR,Caño Grande,61234,CG1,,OP,PV,SUN,5,0.2,8760,3650,EIA-923,2020,"
    data = csv_bytes(GEN23, utf8) + csv_bytes(cp1252, encoding="cp1252")
    rows, report = read_sheet(data)
    assert [r.plant_name for r in rows] == ["Peñuelas", "Caño Grande"]
    assert (report.encoding, report.cp1252_lines) == ("utf-8+windows-1252", 1)


def test_quoted_fields_with_commas_quotes_and_newlines(read_sheet: ReadSheet) -> None:
    data = csv_bytes(
        GEN23,
        '1,2023,TX,"Smith, Jones ""North"" Plant",100,"0001",,OP,ST,NG,"1,281.0",0.5,'
        '"20,961",,x,2001,',
        '2,2023,TX,"Two\nLine Plant",101,A,,OP,ST,NG,1,0.5,5,,x,2001,',
        "3,2023,TX,After,102,B,,OP,ST,NG,1,0.5,6,,x,2001,",
    )
    rows, _ = read_sheet(data)
    assert [(r.line, r.plant_name) for r in rows] == [
        (2, 'Smith, Jones "North" Plant'),
        (4, "Two\nLine Plant"),  # the row ends on line 4: line numbers are physical lines
        (5, "After"),
    ]
    assert (rows[0].generator_id, rows[0].nameplate_mw, rows[0].net_generation_mwh) == (
        "0001",
        1281.0,
        20961.0,
    )


def test_any_column_order_unknown_columns_and_header_case(read_sheet: ReadSheet) -> None:
    data = csv_bytes(
        " genntan ,Comment,pname,ORISPL,Year,PSTATABB,GENID,PLFUELCT",
        "12.5,checked,Comanche Peak,6145,2022,TX,1,NUCLEAR",
    )
    rows, report = read_sheet(data)
    assert len(rows) == 1
    row = rows[0]
    assert (row.plant_id, row.plant_name, row.state, row.net_generation_mwh) == (
        6145,
        "Comanche Peak",
        "TX",
        12.5,
    )
    assert (row.seq, row.fuel, row.nameplate_mw, row.year_online) == (None, None, None, None)
    assert report.rejects.count == 0


def test_lines_from_an_iterable_like_boto3_iter_lines() -> None:
    lines = [line.encode() for line in (GEN23 + "\r\n", ROWS_23[0] + "\r\n", ROWS_23[1])]
    rows = rows_of(FrameReader(iter(lines), "s3://bucket/gen23.csv"))
    assert [r.plant_id for r in rows] == [57053, 58982]


def test_missing_required_columns_refuse_the_file() -> None:
    header = GEN23.replace("ORISPL,", "").replace(",GENNTAN", "")
    with pytest.raises(SheetError) as caught:
        FrameReader(io.BytesIO(csv_bytes(DESCRIPTIONS, header)), "gen23.csv")
    err = caught.value
    assert str(err) == "gen23.csv line 2: missing required column(s): GENNTAN, ORISPL"
    assert (err.source, err.line, err.column) == ("gen23.csv", 2, "GENNTAN, ORISPL")
    assert err.message == "missing required column(s): GENNTAN, ORISPL"


def test_missing_state_column_names_both_spellings() -> None:
    with pytest.raises(SheetError, match=r"missing required column\(s\): PSTATEABB/PSTATABB$"):
        FrameReader(io.BytesIO(csv_bytes("YEAR,PNAME,ORISPL,GENID,GENNTAN")), "x.csv")


def test_plant_sheet_is_refused_as_missing_generator_columns() -> None:
    plnt = "SEQPLT23,YEAR,PSTATABB,PNAME,ORISPL,PLNGENAN"
    with pytest.raises(SheetError, match=r"^plnt23.csv line 1: .*: GENID, GENNTAN$"):
        FrameReader(io.BytesIO(csv_bytes(plnt, "1,2023,AK,A,1,5")), "plnt23.csv")


def test_a_file_without_header_is_refused() -> None:
    with pytest.raises(SheetError) as caught:
        FrameReader(io.BytesIO(csv_bytes(DESCRIPTIONS, *ROWS_23)), "gen23.csv")
    assert caught.value.line is None
    assert str(caught.value).startswith("gen23.csv: no header row naming the generator columns")
    assert str(caught.value).endswith("in the first 4 lines")


def test_header_is_looked_for_in_the_first_20_lines_only() -> None:
    data = csv_bytes(*(["note"] * 20), GEN23, *ROWS_23)
    with pytest.raises(SheetError, match=r"in the first 20 lines$"):
        FrameReader(io.BytesIO(data), "x.csv")
    rows = FrameReader(io.BytesIO(csv_bytes(*(["note"] * 19), GEN23, *ROWS_23)), "x.csv")
    assert rows.report.header_line == 20


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(SheetError, match=r"^empty.csv: the file is empty$"):
        FrameReader(io.BytesIO(b""), "empty.csv")


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(
        SheetError, match=r"^x.csv line 1: column\(s\) named more than once: ORISPL$"
    ):
        FrameReader(io.BytesIO(csv_bytes(GEN23 + ",ORISPL")), "x.csv")


def test_a_workbook_is_refused_with_what_to_do() -> None:
    with pytest.raises(SheetError, match=r"^gen23.xlsx.csv line 1: the file is an Excel workbook"):
        FrameReader(io.BytesIO(b"PK\x03\x04\x14\x00\x06\x00rest"), "gen23.xlsx.csv")


def test_a_nul_byte_refuses_the_file_at_its_line() -> None:
    data = csv_bytes(GEN23, ROWS_23[0]) + b"2,2023,AK,A\x00,1,1,,,,,,,1,,,,\n"
    reader = FrameReader(io.BytesIO(data), "x.csv")
    with pytest.raises(
        SheetError, match=r"^x.csv line 3: a NUL byte: the file is binary or UTF-16"
    ):
        list(reader.frames())


def test_an_unclosed_quote_refuses_the_file_at_the_field_limit() -> None:
    tail = [f"{i},2023,AK,Plant {i},{i},1,,OP,ST,NG,1,0.5,5,,x,2001," for i in range(2, 3000)]
    data = csv_bytes(GEN23, '1,2023,AK,"Unclosed,1,1,,,,,,,1,,,,', *tail)
    reader = FrameReader(io.BytesIO(data), "x.csv")
    with pytest.raises(SheetError, match=r"^x.csv line \d+: not readable as CSV: field larger"):
        list(reader.frames())
