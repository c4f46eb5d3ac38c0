"""Line decoding: UTF-8 with or without BOM, Windows-1252 per line, files that are not CSV."""

from __future__ import annotations

import pytest

from gridlens.egrid.decoding import NotText, decode_lines
from gridlens.egrid.rows import ReadReport


def decode(lines: list[bytes]) -> tuple[list[str], ReadReport]:
    report = ReadReport(source="test.csv")
    return list(decode_lines(lines, report)), report


def test_plain_ascii_is_utf8() -> None:
    text, report = decode([b"a,b\r\n", b"c,d\n"])
    assert text == ["a,b\r\n", "c,d\n"]
    assert (report.encoding, report.cp1252_lines) == ("utf-8", 0)


def test_bom_is_dropped_and_named() -> None:
    text, report = decode([b"\xef\xbb\xbfSEQGEN,YEAR\r\n", b"1,2021\r\n"])
    assert text == ["SEQGEN,YEAR\r\n", "1,2021\r\n"]
    assert report.encoding == "utf-8-sig"


def test_utf8_text_is_kept() -> None:
    text, report = decode(["x,Caño Grande\n".encode()])
    assert text == ["x,Caño Grande\n"]
    assert (report.encoding, report.cp1252_lines) == ("utf-8", 0)


def test_windows_1252_lines_are_decoded_and_counted() -> None:
    text, report = decode([b"a,b\n", b"x,Ca\xf1o Grande\n", b"y,Pe\xf1a \x96 Unit\n"])
    assert text[1:] == ["x,Caño Grande\n", "y,Peña \u2013 Unit\n"]
    assert (report.encoding, report.cp1252_lines) == ("windows-1252", 2)


def test_mixed_lines_name_both_encodings() -> None:
    _, report = decode(["x,Caño\n".encode(), b"y,Pe\xf1a\n"])
    assert (report.encoding, report.cp1252_lines) == ("utf-8+windows-1252", 1)
    _, report = decode([b"y,Pe\xf1a\n", "x,Caño\n".encode()])
    assert report.encoding == "utf-8+windows-1252"


def test_cr_only_line_endings_are_split() -> None:
    text, _ = decode([b"a,b\rc,d\re,f\r"])
    assert text == ["a,b\r", "c,d\r", "e,f\r"]


def test_no_lines_give_no_text() -> None:
    assert decode([]) == ([], ReadReport(source="test.csv"))


@pytest.mark.parametrize(
    ("first", "what"),
    [
        (b"PK\x03\x04\x14\x00", r"Excel workbook \(.xlsx\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", r"Excel 97-2003 workbook"),
        ("SEQGEN,YEAR\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_workbooks_and_utf16_are_refused(first: bytes, what: str) -> None:
    with pytest.raises(NotText, match=what):
        decode([first])


def test_a_nul_byte_is_refused_with_its_line() -> None:
    with pytest.raises(NotText, match="NUL byte") as caught:
        decode([b"a,b\n", b"c,d\n", b"e,\x00f\n"])
    assert caught.value.line == 3
