"""Binary lines to text: UTF-8 with or without BOM, each undecodable line read as Windows-1252."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from gridlens.egrid.rows import ReadReport

BOM = b"\xef\xbb\xbf"

# Files people upload by mistake, told apart by their first bytes.
_NOT_CSV = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx), not CSV: save the generator sheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls), not CSV: save the sheet as CSV"),
    (b"\xff\xfe", "UTF-16 text: save the sheet as CSV UTF-8"),
    (b"\xfe\xff", "UTF-16 text: save the sheet as CSV UTF-8"),
)


class NotText(ValueError):
    """The bytes are not a CSV text file; str() says what they are and what to do."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class LineDecoder:
    """Decodes one line at a time and names the encodings seen in the report, across readers."""

    def __init__(self, report: ReadReport) -> None:
        self.report = report
        self.bom = False
        self.utf8_seen = False
        self.split_at_cr = False  # CR-only endings: lines are split here, not by the source

    def decode(self, raw: bytes, line: int) -> str:
        """The line as text: UTF-8, else Windows-1252 (counted); NotText for a NUL byte."""
        if b"\x00" in raw:
            # PostgreSQL text cannot hold NUL; it means a binary or UTF-16 file, not one bad cell.
            raise NotText("a NUL byte: the file is binary or UTF-16, not CSV text", line)
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            report = self.report
            report.cp1252_lines += 1
            report.encoding = _encoding_name(self.bom, self.utf8_seen, cp1252=True)
            return raw.decode("cp1252", "replace")
        if not self.utf8_seen and not text.isascii():
            self.saw_utf8()
        return text

    def saw_utf8(self) -> None:
        """Lines that were not ASCII decoded as UTF-8 (read elsewhere, as whole blocks)."""
        if not self.utf8_seen:
            self.utf8_seen = True
            report = self.report
            report.encoding = _encoding_name(self.bom, True, cp1252=report.cp1252_lines > 0)


def decode_lines(
    lines: Iterable[bytes], report: ReadReport, decoder: LineDecoder | None = None
) -> Iterator[str]:
    """Each line as text; counts Windows-1252 lines and names the encoding in report."""
    decoder = decoder or LineDecoder(report)
    rest = iter(lines)
    first = next(rest, None)
    if first is None:
        return
    for signature, what in _NOT_CSV:
        if first.startswith(signature):
            raise NotText(f"the file is {what}", 1)
    if b"\r" in first.rstrip(b"\r\n"):
        # Classic Mac (CR only) endings: a reader splitting on LF handed over the whole file.
        rest = _split_lines(chain([first], rest))
        first = next(rest)
        decoder.split_at_cr = True
    if first.startswith(BOM):
        first = first[len(BOM) :]
        decoder.bom = True
        report.encoding = "utf-8-sig"
    decode = decoder.decode
    for line, raw in enumerate(chain([first], rest), start=1):
        yield decode(raw, line)


def _encoding_name(bom: bool, utf8: bool, cp1252: bool) -> str:
    """The name to report: utf-8, utf-8-sig, windows-1252, or two joined by + when lines mix."""
    names = []
    if bom or utf8 or not cp1252:
        names.append("utf-8-sig" if bom else "utf-8")
    if cp1252:
        names.append("windows-1252")
    return "+".join(names)


def _split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines split at CR, LF or CRLF, endings kept."""
    for chunk in chunks:
        yield from chunk.splitlines(keepends=True)
