"""A generator sheet one record at a time: its header, and the lines frames.FrameReader (the reader)
cannot read in bulk (a finding, a rare form, another encoding, a record over two lines)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import cast

from gridlens.egrid.columns import COLUMNS, Header, read_header
from gridlens.egrid.decoding import LineDecoder, NotText, decode_lines
from gridlens.egrid.numbers import CellError, to_int
from gridlens.egrid.rows import Finding, GeneratorRow, ReadReport
from gridlens.outcomes import ErrorCode

HEADER_SCAN_LINES = 20

_FIELDS = [column.field for column in COLUMNS]
_YEAR = _FIELDS.index("year")
_GENERATOR_ID = _FIELDS.index("generator_id")
_REQUIRED = ", ".join(column.label for column in COLUMNS if column.required)
_NOTHING = ("", "0")  # what a padding row holds where a plant's name and state would be

Plan = list[tuple[int, Callable[[str], object]]]
NOT_TEXT, NOT_CSV = ErrorCode.NOT_TEXT, ErrorCode.NOT_CSV


class SheetError(Exception):
    """The whole file is refused; str() says which file, where and why."""

    def __init__(
        self,
        source: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        code: ErrorCode,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.source = source
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source} line {self.line}"
        return f"{where}: {self.message}"


def read_header_of(lines: Iterable[bytes], source: str) -> Header:
    """The sheet's header, or SheetError saying why the lines are not a generator sheet."""
    return RecordReader(lines, source).header


class RecordReader:
    """Finds the header, then reads records one at a time into clean rows (digest 0: the frames
    they join are digested whole), reporting the rest."""

    def __init__(self, lines: Iterable[bytes], source: str, chunk_rows: int = 20_000) -> None:
        if chunk_rows < 1:
            raise ValueError("chunk_rows must be at least 1")
        self.source = source
        self.chunk_rows = chunk_rows
        self.report = ReadReport(source=source)
        self.decoder = LineDecoder(self.report)
        # Lines read past this reader (in bulk, elsewhere): added to the CSV reader's line count.
        self.line_offset = 0
        self._reader = csv.reader(decode_lines(lines, self.report, self.decoder))
        self.header = self._find_header()
        self._plan: Plan = [
            (self.header.positions[c.field], c.read)
            if c.field in self.header.positions
            else (0, _absent)
            for c in COLUMNS
        ]
        self.read_record = self._record_reader()

    def chunks(self) -> Iterator[list[GeneratorRow]]:
        """Clean rows in lists of at most chunk_rows, filling report as they stream."""
        reader, read_record = self._reader, self.read_record
        chunk_rows, offset = self.chunk_rows, self.line_offset
        chunk: list[GeneratorRow] = []
        try:
            for cells in reader:
                row = read_record(cells, reader.line_num + offset)
                if row is None:
                    continue
                chunk.append(row)
                if len(chunk) == chunk_rows:
                    yield chunk
                    chunk = []
        except NotText as err:
            raise SheetError(self.source, str(err), err.line + offset, code=NOT_TEXT) from None
        except csv.Error as err:
            line = reader.line_num + offset
            raise SheetError(
                self.source, f"not readable as CSV: {err}", line, code=NOT_CSV
            ) from None
        if chunk:
            yield chunk

    def _record_reader(self) -> Callable[[list[str], int], GeneratorRow | None]:
        """The reader of one CSV record at a line: its clean row, or None (report says why)."""
        report, plan, header = self.report, self._plan, self.header
        width = header.width
        name_at = header.positions["plant_name"]
        state_at = header.positions["state"]
        plant_at = header.positions["plant_id"]
        rejects, warnings = report.rejects, report.warnings
        new_row = tuple.__new__

        def read_record(cells: list[str], line: int) -> GeneratorRow | None:
            report.rows_read += 1
            if len(cells) != width:
                extra = _fit(cells, width)
                if extra is not None:
                    reason = "more cells than the header has columns"
                    rejects.add(Finding(line, None, extra, reason))
                    return None
            if cells[name_at].strip() in _NOTHING and _is_padding(cells, state_at, plant_at):
                report.rows_skipped += 1
                return None
            try:
                values = [read(cells[at]) for at, read in plan]
            except CellError:
                rejects.add(self._explain(cells, line))
                return None
            year = report.year
            if values[_YEAR] != year:
                if year is not None:
                    rejects.add(self._other_year(cells, line, year))
                    return None
                report.year = cast(int, values[_YEAR])
            if values[_GENERATOR_ID] is None:
                warnings.add(self._blank_generator_id(cells, line))
            # GeneratorRow._make minus its length check; a unit test ties COLUMNS to the fields
            return new_row(GeneratorRow, (line, *values, 0))

        return read_record

    def _find_header(self) -> Header:
        """The abbreviation row among the first lines, checked for the required columns."""
        reader = self._reader
        header = None
        try:
            for cells in reader:
                header = read_header(cells)
                if header is not None or reader.line_num >= HEADER_SCAN_LINES:
                    break
        except NotText as err:
            raise SheetError(self.source, str(err), err.line, code=NOT_TEXT) from None
        except csv.Error as err:
            line = reader.line_num
            raise SheetError(
                self.source, f"not readable as CSV: {err}", line, code=NOT_CSV
            ) from None
        if header is None:
            if reader.line_num == 0:
                raise SheetError(self.source, "the file is empty", code=ErrorCode.EMPTY_FILE)
            raise SheetError(
                self.source,
                f"no header row naming the generator columns ({_REQUIRED}) in the first "
                f"{min(reader.line_num, HEADER_SCAN_LINES)} lines",
                code=ErrorCode.NOT_A_GENERATOR_SHEET,
            )
        line = reader.line_num
        if header.repeated:
            names = ", ".join(header.repeated)
            message = f"column(s) named more than once: {names}"
            raise SheetError(self.source, message, line, names, code=ErrorCode.REPEATED_COLUMNS)
        if header.missing:
            names = ", ".join(header.missing)
            message = f"missing required column(s): {names}"
            raise SheetError(self.source, message, line, names, code=ErrorCode.MISSING_COLUMNS)
        self.report.header_line = line
        return header

    def _explain(self, cells: list[str], line: int) -> Finding:
        """The finding for the first cell of a row that its column refuses."""
        for column, (at, read) in zip(COLUMNS, self._plan, strict=True):
            try:
                read(cells[at])
            except CellError as err:
                return Finding(line, self.header.names[column.field], cells[at], str(err))
        raise AssertionError("a row was refused but none of its cells is")

    def _other_year(self, cells: list[str], line: int, year: int) -> Finding:
        at = self.header.positions["year"]
        reason = f"the year differs from the file's year {year} (set by its first data row)"
        return Finding(line, self.header.names["year"], cells[at], reason)

    def _blank_generator_id(self, cells: list[str], line: int) -> Finding:
        at = self.header.positions["generator_id"]
        reason = "the generator ID is blank; the row is kept"
        return Finding(line, self.header.names["generator_id"], cells[at], reason)


def _absent(cell: str) -> None:
    """The reader of a column the file does not have."""
    return None


def _fit(cells: list[str], width: int) -> str | None:
    """Pads a short row with blanks; for a long one, the first non-blank cell past the header."""
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
        return None
    return next((cell for cell in cells[width:] if cell.strip()), None)


def _is_padding(cells: list[str], state_at: int, plant_at: int) -> bool:
    """True for a row with no plant code, name or state: spreadsheet padding, not a generator."""
    if cells[state_at].strip() not in _NOTHING:
        return False
    try:
        return not to_int(cells[plant_at])
    except CellError:
        return False
