"""Row rules: numbers, unknowns, states, year, padding rows, rejects, warnings, digest, chunks."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pytest

from gridlens.egrid.frames import FrameReader
from gridlens.egrid.rows import MAX_REPORTED, Finding
from tests.unit.egrid.conftest import ReadSheet

HEADER = "SEQGEN22,YEAR,PSTATABB,PNAME,ORISPL,GENID,NUMBLR,NAMEPCAP,CFACT,GENNTAN,GENYRONL"
GOOD = "1,2022,TX,Comanche Peak,6145,1,1,1215.0,0.9,9457000,1990"


def sheet(*rows: str) -> bytes:
    return "".join(f"{line}\n" for line in (HEADER, *rows)).encode()


def row(**cells: str) -> str:
    """GOOD with some cells replaced, by abbreviation."""
    values = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    values.update(cells)
    return ",".join(values.values())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9457000", 9457000.0),
        ('"9,457,000"', 9457000.0),
        ("-11.383", -11.383),
        ('"(2,443)"', -2443.0),
        ('" (2,443)"', -2443.0),
        ("(13)", -13.0),
        (" (0)", 0.0),
        ("1e3", 1000.0),
        ("", None),
        ("--", None),
        ("-", None),
        ("NA", None),
        ("N/A", None),
        ("n/a", None),
        ("0", 0.0),  # a zero-filled export's 0 cannot be told from a real 0: it stays 0
    ],
)
def test_net_generation_formats(read_sheet: ReadSheet, cell: str, expected: float | None) -> None:
    rows, report = read_sheet(sheet(row(GENNTAN=cell)))
    assert rows[0].net_generation_mwh == expected
    assert report.rejects.count == 0


def test_negative_zero_loads_as_plain_zero(read_sheet: ReadSheet) -> None:
    rows, _ = read_sheet(sheet(row(GENNTAN="(0)", CFACT="-0.0")))
    assert str(rows[0].net_generation_mwh) == str(rows[0].capacity_factor) == "0.0"


@pytest.mark.parametrize(
    ("cells", "field", "expected"),
    [
        ({"GENYRONL": '"2,013"'}, "year_online", 2013),
        ({"GENYRONL": "2013.0"}, "year_online", 2013),
        ({"NUMBLR": "3"}, "boilers", 3),
        ({"SEQGEN22": '"1,204"'}, "seq", 1204),
        ({"ORISPL": "6145.0"}, "plant_id", 6145),
        ({"YEAR": " 2022 "}, "year", 2022),
        ({"GENID": " 0001 "}, "generator_id", "0001"),
        ({"PNAME": "  Comanche Peak  "}, "plant_name", "Comanche Peak"),
        ({"PSTATABB": " tx"}, "state", "TX"),
    ],
)
def test_cells_are_read_into_their_fields(
    read_sheet: ReadSheet, cells: dict[str, str], field: str, expected: object
) -> None:
    rows, _ = read_sheet(sheet(row(**cells)))
    assert getattr(rows[0], field) == expected


@pytest.mark.parametrize(
    ("cells", "column", "value", "reason"),
    [
        ({"GENNTAN": "abc"}, "GENNTAN", "abc", "not a number"),
        ({"CFACT": "#DIV/0!"}, "CFACT", "#DIV/0!", "not a number"),
        ({"NUMBLR": "12.5"}, "NUMBLR", "12.5", "not a whole number"),
        ({"GENYRONL": "1990s"}, "GENYRONL", "1990s", "not a number"),
        ({"PSTATABB": "ZZ"}, "PSTATABB", "ZZ", "not a U.S. state, DC or PR code"),
        ({"PSTATABB": ""}, "PSTATABB", "", "the state is blank"),
        ({"PNAME": " "}, "PNAME", " ", "the plant name is blank"),
        ({"ORISPL": ""}, "ORISPL", "", "the plant code is blank or 0"),
        ({"ORISPL": "0"}, "ORISPL", "0", "the plant code is blank or 0"),
        ({"YEAR": ""}, "YEAR", "", "the year is blank"),
        ({"YEAR": "twenty"}, "YEAR", "twenty", "not a number"),
        ({"GENID": "G" * 33}, "GENID", "G" * 33, "longer than 32 characters"),
    ],
)
def test_bad_cells_reject_their_row(
    read_sheet: ReadSheet, cells: dict[str, str], column: str, value: str, reason: str
) -> None:
    rows, report = read_sheet(sheet(GOOD, row(**cells), GOOD))
    assert [r.line for r in rows] == [2, 4]
    assert report.rejects.first == [Finding(3, column, value, reason)]
    assert (report.rows_read, report.rows_yielded, report.rejects.count) == (3, 2, 1)


def test_first_bad_cell_of_a_row_is_the_one_reported(read_sheet: ReadSheet) -> None:
    _, report = read_sheet(sheet(row(ORISPL="x", GENNTAN="y")))
    assert report.rejects.first == [Finding(2, "ORISPL", "x", "not a number")]


def test_negative_values_are_kept(read_sheet: ReadSheet) -> None:
    rows, _ = read_sheet(sheet(row(GENNTAN='"(2,529)"', CFACT="(0.007)")))
    assert (rows[0].net_generation_mwh, rows[0].capacity_factor) == (-2529.0, -0.007)


def test_every_row_has_the_first_rows_year(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(sheet(GOOD, row(YEAR="2021"), GOOD))
    assert report.year == 2022
    assert [r.line for r in rows] == [2, 4]
    reason = "the year differs from the file's year 2022 (set by its first data row)"
    assert report.rejects.first == [Finding(3, "YEAR", "2021", reason)]


def test_a_rejected_first_row_does_not_set_the_year(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(sheet(row(YEAR="1"), row(YEAR="2021"), row(YEAR="2021")))
    assert report.year == 2021
    assert len(rows) == 2
    assert report.rejects.first == [Finding(2, "YEAR", "1", "not an eGRID data year (1996-2100)")]


@pytest.mark.parametrize(
    "padding",
    [
        "",
        ",,,,,,,,,,",
        "0,,,,,,0,,,",
        "0,0,,,0,,0,0,0,0,0",
        " , , , , ",
        "0,,0,0,0.0,,,,,,",
    ],
)
def test_rows_without_plant_name_or_state_are_skipped(read_sheet: ReadSheet, padding: str) -> None:
    rows, report = read_sheet(sheet(GOOD, padding, GOOD))
    assert [r.line for r in rows] == [2, 4]
    assert (report.rows_read, report.rows_skipped, report.rows_yielded) == (3, 1, 2)
    assert report.rejects.count == 0


def test_a_row_with_data_but_no_plant_code_is_rejected(read_sheet: ReadSheet) -> None:
    _, report = read_sheet(sheet(",2022,,Some Plant,,1,,,,5,", ",2022,TX,,0,,,,,,"))
    assert report.rows_skipped == 0
    assert report.rejects.first == [
        Finding(2, "ORISPL", "", "the plant code is blank or 0"),
        Finding(3, "ORISPL", "0", "the plant code is blank or 0"),
    ]


def test_blank_generator_id_is_kept_with_a_warning(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(sheet(row(GENID="")))
    assert rows[0].generator_id is None
    reason = "the generator ID is blank; the row is kept"
    assert report.warnings.first == [Finding(2, "GENID", "", reason)]
    assert report.rejects.count == 0


def test_short_rows_are_padded_with_blanks(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(sheet("1,2022,TX,Comanche Peak,6145,1,1,1215.0,0.9"))
    assert (rows[0].net_generation_mwh, rows[0].year_online) == (None, None)
    assert report.rejects.count == 0


def test_extra_cells_reject_a_row_only_when_filled(read_sheet: ReadSheet) -> None:
    rows, report = read_sheet(sheet(GOOD + ",,", GOOD + ",, oops"))
    assert [r.line for r in rows] == [2]
    assert report.rejects.first == [
        Finding(3, None, " oops", "more cells than the header has columns")
    ]


def test_seq_is_none_without_a_seqgen_column(read_sheet: ReadSheet) -> None:
    data = b"YEAR,PSTATABB,PNAME,ORISPL,GENID,GENNTAN\n2022,TX,Comanche Peak,6145,1,5\n"
    rows, _ = read_sheet(data)
    assert rows[0].seq is None


def test_equal_rows_have_equal_digests_whatever_their_format(read_sheet: ReadSheet) -> None:
    rows, _ = read_sheet(
        sheet(GOOD, row(GENNTAN='"9,457,000"', PSTATABB="tx", NAMEPCAP='" 1,215 "'), GOOD)
    )
    assert rows[0].digest == rows[1].digest == rows[2].digest
    assert rows[0].line != rows[2].line


@pytest.mark.parametrize(
    "cells",
    [{"SEQGEN22": "2"}, {"GENID": "01"}, {"GENNTAN": "9457000.5"}, {"NUMBLR": "0"}, {"CFACT": ""}],
)
def test_a_difference_in_any_field_changes_the_digest(
    read_sheet: ReadSheet, cells: dict[str, str]
) -> None:
    rows, _ = read_sheet(sheet(GOOD, row(**cells)))
    assert rows[0].digest != rows[1].digest


def test_digest_is_a_stable_signed_64_bit_int(read_sheet: ReadSheet) -> None:
    rows, _ = read_sheet(sheet(GOOD))
    # Pinned so a change of hashing (Polars' hash_rows, as a Polars upgrade may bring) is noticed;
    # digests live only within one ingestion, so a change there is harmless but should be seen.
    assert rows[0].digest == -7130155753133585458
    assert -(2**63) <= rows[0].digest < 2**63


def test_rows_come_in_chunks_and_the_report_fills_as_they_stream() -> None:
    data = sheet(*(row(SEQGEN22=str(i)) for i in range(1, 6)))
    reader = FrameReader(io.BytesIO(data), "x.csv", chunk_rows=2)
    chunks = reader.frames()
    first = next(chunks)
    assert first["seq"].to_list() == [1, 2]
    assert reader.report.rows_yielded == 2
    assert [chunk["seq"].to_list() for chunk in chunks] == [[3, 4], [5]]
    assert (reader.report.rows_read, reader.report.rows_yielded) == (5, 5)


def test_chunk_rows_must_be_positive() -> None:
    with pytest.raises(ValueError, match="chunk_rows must be at least 1"):
        FrameReader(io.BytesIO(sheet(GOOD)), "x.csv", chunk_rows=0)


def test_rows_stream_without_reading_the_whole_file() -> None:
    def endless() -> Iterator[bytes]:
        yield (HEADER + "\n").encode()
        for i in itertools.count(1):
            yield (row(SEQGEN22=str(i)) + "\n").encode()

    reader = FrameReader(endless(), "endless.csv", chunk_rows=3)
    assert next(reader.frames())["seq"].to_list() == [1, 2, 3]


def test_findings_are_all_counted_but_only_the_first_kept(read_sheet: ReadSheet) -> None:
    bad = [row(SEQGEN22=str(i), GENNTAN="x") for i in range(MAX_REPORTED + 50)]
    _, report = read_sheet(sheet(*bad))
    assert report.rejects.count == MAX_REPORTED + 50
    assert len(report.rejects.first) == MAX_REPORTED
    assert report.rejects.first[0].line == 2
