"""The reader: a generator sheet, whatever its layout, into Polars frames of clean rows, a block of
whole lines at a time; both databases are loaded from these frames (ingest.staging).

sheet.RecordReader finds the header, and every line the column readers of columnar.py cannot vouch
for (a finding, a rare form, another encoding) is read by it, one line at a time, with its exact
line number. Where a record spans lines (a quoted line break) or a line is not readable as CSV,
the rest of the sheet streams through RecordReader itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import get_args, get_type_hints

import polars as pl

from gridlens.egrid.columnar import READERS
from gridlens.egrid.columns import COLUMNS
from gridlens.egrid.decoding import LineDecoder
from gridlens.egrid.lines import BlockLines, count_lines
from gridlens.egrid.rows import GeneratorRow, ReadReport
from gridlens.egrid.sheet import RecordReader

# Bytes of whole lines read at a time: about 34,000 rows of GEN23.
BLOCK_BYTES = 4 << 20

FIELDS = [column.field for column in COLUMNS]
_POLARS: dict[type, pl.DataType] = {int: pl.Int64(), float: pl.Float64(), str: pl.String()}


def _polars_type(hint: object) -> pl.DataType:
    (kind,) = [t for t in get_args(hint) or (hint,) if t is not type(None)]
    return _POLARS[kind]


# The columns of GeneratorRow, in its order (line, the fields, digest), typed as it types them.
SCHEMA = pl.Schema(
    {name: _polars_type(hint) for name, hint in get_type_hints(GeneratorRow).items()}
)
_DIGEST_SEED = 0x67726964


def rows_frame(rows: list[GeneratorRow]) -> pl.DataFrame:
    """Rows read one at a time as a frame, digested as frames are."""
    return with_digest(pl.DataFrame(rows, schema=SCHEMA, orient="row"))


def with_digest(frame: pl.DataFrame) -> pl.DataFrame:
    """digest: a signed 64-bit hash of every field but the line, equal for equal rows.

    Every row is digested here, whichever way it was read, so equal rows share a digest.
    """
    digest = frame.select(FIELDS).hash_rows(seed=_DIGEST_SEED).reinterpret(signed=True)
    return frame.with_columns(digest=digest)


class _Spans(Exception):
    """A line (index in its block) that is not one whole record: from it on, the sheet streams."""

    def __init__(self, index: int) -> None:
        self.index = index


class FrameReader:
    """Streams the clean rows of one eGRID generator sheet as frames, whatever its layout."""

    def __init__(
        self,
        blocks: Iterable[bytes],
        source: str,
        chunk_rows: int = 20_000,
        block_bytes: int | None = None,
    ) -> None:
        self._lines = BlockLines(blocks)
        self._sheet = RecordReader(self._lines, source, chunk_rows)
        self.report: ReadReport = self._sheet.report
        self._block_bytes = block_bytes or BLOCK_BYTES
        header = self._sheet.header
        self._width = header.width
        self._read = [
            (column.field, header.positions[column.field], READERS[column.field])
            for column in COLUMNS
            if column.field in header.positions
        ]
        self._absent = [column.field for column in COLUMNS if column.field not in header.positions]
        self._header_line = ",".join(f"cell{at}" for at in range(self._width)).encode() + b"\n"
        # A line of RFC 4180 cells: quoted ones start and end with a quote and double the rest.
        field = r'(?:[^",\r]*|"(?:[^"\r]|"")*")'
        self._quoted_record = rf"^{field}(?:,{field})*$"
        self._quoted_fitting = rf"^{field}(?:,{field}){{0,{self._width - 1}}}$"

    def frames(self) -> Iterator[pl.DataFrame]:
        """Clean rows in line order (columns as SCHEMA), at most chunk_rows a frame, filling
        report as they stream."""
        for frame in self._frames():
            for part in frame.iter_slices(self._sheet.chunk_rows):
                self.report.rows_yielded += part.height
                yield part

    def _frames(self) -> Iterator[pl.DataFrame]:
        sheet, lines, report = self._sheet, self._lines, self.report
        # Bulk reading starts after the header when each line so far was one whole record.
        if lines.lines_out == report.header_line and not sheet.decoder.split_at_cr:
            while block := lines.block(self._block_bytes):
                first = lines.lines_out - count_lines(block) + 1
                frame, rest = self._read_block(block, first)
                if frame.height:
                    yield frame
                if rest:
                    lines.unread(rest)
                    break
            # RecordReader's CSV reader counts only the lines it reads itself.
            sheet.line_offset = lines.lines_out - report.header_line
        for chunk in sheet.chunks():
            yield rows_frame(chunk)

    def _read_block(self, block: bytes, first: int) -> tuple[pl.DataFrame, bytes]:
        """The block's clean rows, and its lines from one that stops bulk reading (or b"")."""
        lines = _Lines(block, self._sheet.decoder)
        rows: list[GeneratorRow] = []  # read one line at a time
        bulk = _EMPTY
        try:
            if b"\x00" in block:  # RecordReader refuses the file at the line holding it
                raise _Spans(0)
            start = 0
            while self.report.year is None and start < lines.count:  # the first row sets the year
                self._read_line(lines, start, first, rows)
                start += 1
            if start < lines.count:
                bulk, one_at_a_time = self._read_bulk(lines, start, first)
                for index in one_at_a_time:
                    self._read_line(lines, index, first, rows)
            rest = b""
        except _Spans as stop:
            bulk = bulk.filter(pl.col("line") < first + stop.index)
            rest = lines.data_from(stop.index)
        self.report.rows_read += bulk.height
        read = pl.DataFrame(rows, schema=SCHEMA, orient="row")
        return with_digest(pl.concat([bulk, read]).sort("line")), rest

    def _read_line(self, lines: _Lines, index: int, first: int, rows: list[GeneratorRow]) -> None:
        """Reads the line at index (from the block's start) one cell at a time, as RecordReader."""
        line, report = first + index, self.report
        counted = report.cp1252_lines, report.encoding
        one = _OneLine(lines.text(index, line))
        try:
            cells = next(csv.reader(one))
        except (csv.Error, StopIteration):
            one.more = True
        if one.more:  # RecordReader reads (and decodes, and counts) the line again
            report.cp1252_lines, report.encoding = counted
            raise _Spans(index)
        row = self._sheet.read_record(cells, line)
        if row is not None:
            rows.append(row)

    def _read_bulk(self, lines: _Lines, start: int, first: int) -> tuple[pl.DataFrame, list[int]]:
        """Rows of the lines from start read column by column, and the indexes of lines to read
        one at a time (not one well-formed record, or a cell the column readers refuse)."""
        count = lines.count - start
        cells = self._cells(lines, start) if lines.utf8 else None
        if cells is not None:
            whole = pl.repeat(True, count, eager=True)
        else:  # find the lines that are one well-formed record each, and read only those
            whole = self._whole_records(lines.texts.slice(start))
            if not whole.any():
                return _EMPTY, list(range(start, lines.count))
            data = lines.texts.slice(start).filter(whole).str.join("\n").item().encode()
            cells = self._parse(data)
            if cells is None or cells.height != int(whole.sum()):  # not expected
                return _EMPTY, list(range(start, lines.count))
        read = self._read_columns(cells)
        ok = read["ok"]
        numbers = pl.int_range(first + start, first + lines.count, eager=True).filter(whole)
        frame = read.drop("ok").with_columns(line=numbers, digest=pl.lit(None, pl.Int64))
        again = pl.concat([(~whole).arg_true(), whole.arg_true().filter(~ok)]).sort() + start
        return frame.filter(ok).select(SCHEMA.names()).cast(SCHEMA), again.to_list()

    def _cells(self, lines: _Lines, start: int) -> pl.DataFrame | None:
        """The cells of every line from start, when each line is one well-formed record: no
        stray CR, quotes only as RFC 4180 has them (where Polars and Python's csv agree)."""
        data = lines.data_from(start)
        if data.count(b"\r") != data.count(b"\r\n"):
            return None
        if b'"' in data:
            text = lines.texts.slice(start).str.strip_suffix("\r")
            quoted = text.filter(text.str.contains('"', literal=True))
            if not quoted.str.contains(self._quoted_record).all():
                return None
        cells = self._parse(data)
        # A record over two lines makes fewer rows; a short row reads as RecordReader pads it.
        return cells if cells is not None and cells.height == lines.count - start else None

    def _parse(self, data: bytes) -> pl.DataFrame | None:
        """CSV cells as text; None where a line holds more cells than the header."""
        try:  # a header line of our own sets the width, whatever the first line holds
            return pl.read_csv(
                io.BytesIO(self._header_line + data),
                infer_schema=False,
                quote_char='"',
                empty_string_is_null=False,
            )
        except pl.exceptions.PolarsError:
            return None

    def _read_columns(self, cells: pl.DataFrame) -> pl.DataFrame:
        """Each field's values, and ok: where every cell of the row is vouched for."""
        plain = []
        for field, at, reader in self._read:
            values, ok = reader.plain(pl.col(f"cell{at}").fill_null(""))
            plain += [values.alias(field), ok.alias(f"{field} ok")]
        read = cells.lazy().select(plain).collect()
        for field, at, reader in self._read:  # cells plain refused, read again where they can be
            refused = (~read[f"{field} ok"]).arg_true()
            if reader.rescue is None or refused.is_empty():
                continue
            again = reader.rescue(cells[f"cell{at}"].fill_null("").gather(refused))
            read = read.with_columns(
                read[field].scatter(refused, again.values.cast(read[field].dtype)),
                read[f"{field} ok"].scatter(refused, again.ok),
            )
        year_ok = (read["year"] == self.report.year).fill_null(False)
        ok = pl.all_horizontal(pl.col(f"{field} ok") for field, _, _ in self._read) & year_ok
        absent = [pl.lit(None, SCHEMA[field]).alias(field) for field in self._absent]
        return read.select(*(field for field, _, _ in self._read), *absent, ok.alias("ok"))

    def _whole_records(self, texts: pl.Series) -> pl.Series:
        """Where a line is one well-formed record of at most header-width cells (RFC 4180)."""
        text = texts.str.strip_suffix("\r")
        stray_cr = text.str.contains("\r", literal=True)
        quoted = text.str.contains('"', literal=True)
        commas = text.str.count_matches(",", literal=True)
        whole = ~quoted & ~stray_cr & (commas < self._width)
        at = (quoted & ~stray_cr).fill_null(False).arg_true()
        if not at.is_empty():
            whole = whole.scatter(at, text.gather(at).str.contains(self._quoted_fitting))
        return whole.fill_null(False)


_EMPTY = pl.DataFrame(schema=SCHEMA)


class _Lines:
    """A block's lines: as bytes, and as text when asked (null where a line is not UTF-8)."""

    def __init__(self, block: bytes, decoder: LineDecoder) -> None:
        self._block = block
        self._decoder = decoder
        self.count = count_lines(block)
        self.utf8 = block.isascii() or _utf8(block) is not None
        if self.utf8 and not block.isascii():
            decoder.saw_utf8()
        self._raw: list[bytes] | None = None
        self._texts: pl.Series | None = None

    @property
    def texts(self) -> pl.Series:
        if self._texts is None:
            if self.utf8:
                texts = pl.Series([self._block.decode()]).str.split("\n").explode()
                self._texts = texts.head(self.count)
            else:
                decoded = [_utf8(raw) for raw in self._lines()]
                if any(text is not None and not text.isascii() for text in decoded):
                    self._decoder.saw_utf8()
                self._texts = pl.Series(decoded, dtype=pl.String)
        return self._texts

    def _lines(self) -> list[bytes]:
        if self._raw is None:
            self._raw = self._block.split(b"\n")[: self.count]
        return self._raw

    def text(self, index: int, line: int) -> str:
        """The line's text; a line that is not UTF-8 decoded (and counted) as RecordReader does."""
        text: str | None = self.texts[index]
        if text is None:
            return self._decoder.decode(self._lines()[index], line)
        return text

    def data_from(self, index: int) -> bytes:
        """The block's bytes from the line at index on."""
        at = 0
        for _ in range(index):
            at = self._block.index(b"\n", at) + 1
        return self._block[at:] if at else self._block


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return None


class _OneLine:
    """One line for csv.reader, noting whether the reader asked for a second."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self.more = False

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        if self._text is None:
            self.more = True
            raise StopIteration
        text, self._text = self._text, None
        return text
