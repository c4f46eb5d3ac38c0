"""What an EIA plant-locations file is: its header, and a clean row from each record (pure)."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, TypeVar

from gridlens.egrid.decoding import BOM, LineDecoder, NotText, decode_lines
from gridlens.egrid.numbers import CellError, to_float, to_int
from gridlens.egrid.rows import Finding, ReadReport
from gridlens.egrid.sheet import SheetError
from gridlens.egrid.states import STATES
from gridlens.outcomes import ErrorCode

# The column that tells the layout apart: eGRID's generator sheets call the plant code ORISPL.
KEY = "Plant_Code"
REQUIRED = (KEY, "Plant_Name", "State", "Latitude", "Longitude")
OPTIONAL = ("City", "County", "Utility_Name", "PrimSource", "Total_MW", "Period")
MAX_PLANT_CODE = 2**31 - 1  # the database column is a 32-bit integer

_STATE_CODES = {name.upper(): code for code, name in STATES.items()} | {c: c for c in STATES}
T = TypeVar("T")
_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


class LocationRow(NamedTuple):
    """One plant's location; field order is the column order of plant_locations."""

    plant_id: int
    line: int  # 1-based physical line in the file
    latitude: float
    longitude: float
    state: str  # two-letter code
    name: str
    city: str | None
    county: str | None
    utility: str | None
    primary_source: str | None
    total_mw: float | None
    period: str | None  # YYYY-MM


def is_locations_header(first_line: bytes) -> bool:
    """Whether a file's first line is the plant-locations header (it names Plant_Code)."""
    text = first_line.removeprefix(BOM).decode("utf-8", "replace")
    cells = next(csv.reader([text]), [])
    return KEY in (cell.strip() for cell in cells)


class LocationReader:
    """Streams the clean rows of a plant-locations CSV; rejects are located in the report."""

    def __init__(self, lines: Iterable[bytes], source: str) -> None:
        self.source = source
        self.report = ReadReport(source=source)
        self._reader = csv.reader(decode_lines(lines, self.report, LineDecoder(self.report)))
        self._columns = self._find_header()
        self._seen: dict[int, int] = {}  # plant code -> line it was first read on

    def _find_header(self) -> dict[str, int]:
        try:
            header = next(self._reader, None)
        except NotText as err:
            raise SheetError(self.source, str(err), err.line, code=ErrorCode.NOT_TEXT) from None
        except csv.Error as err:
            message = f"not readable as CSV: {err}"
            raise SheetError(self.source, message, 1, code=ErrorCode.NOT_CSV) from None
        if header is None:
            raise SheetError(self.source, "the file is empty", code=ErrorCode.EMPTY_FILE)
        positions: dict[str, int] = {}
        for at, cell in enumerate(header):
            positions.setdefault(cell.strip(), at)
        missing = [name for name in REQUIRED if name not in positions]
        if missing:
            names = ", ".join(missing)
            raise SheetError(
                self.source,
                f"missing required plant-location column(s): {names}",
                1,
                names,
                code=ErrorCode.MISSING_COLUMNS,
            )
        self.report.header_line = 1
        return positions

    def rows(self) -> Iterator[LocationRow]:
        """Each clean row in file order; a bad row is rejected (line, column, value, why)."""
        reader, report = self._reader, self.report
        width = max(self._columns.values()) + 1
        try:
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line (often the last) is not a row
                report.rows_read += 1
                if len(cells) < width:
                    report.rejects.add(
                        Finding(line, None, None, f"{len(cells)} cells, the header has {width}")
                    )
                    continue
                row = self._row(cells, line)
                if row is not None:
                    report.rows_yielded += 1
                    yield row
        except NotText as err:
            raise SheetError(self.source, str(err), err.line, code=ErrorCode.NOT_TEXT) from None
        except csv.Error as err:
            message = f"not readable as CSV: {err}"
            raise SheetError(
                self.source, message, reader.line_num, code=ErrorCode.NOT_CSV
            ) from None

    def _row(self, cells: list[str], line: int) -> LocationRow | None:
        def cell(name: str) -> str:
            at = self._columns.get(name)
            # Strip: three quoted utility names in EIA's export end in a stray carriage return.
            return cells[at].strip() if at is not None else ""

        def read(name: str, parse: Callable[[str], T]) -> T:
            value = cell(name)
            try:
                return parse(value)
            except CellError as err:
                raise _Rejected(Finding(line, name, value, str(err))) from None

        try:
            plant_id = read(KEY, _plant_code)
            first = self._seen.setdefault(plant_id, line)
            if first != line:
                raise _Rejected(
                    Finding(line, KEY, str(plant_id), f"plant code already on line {first}")
                )
            latitude = read("Latitude", _between(-90, 90))
            longitude = read("Longitude", _between(-180, 180))
            state = read("State", _state)
            name = read("Plant_Name", _required)
            total_mw = read("Total_MW", to_float)
            period = read("Period", _period)
        except _Rejected as rejected:
            self.report.rejects.add(rejected.finding)
            return None
        return LocationRow(
            plant_id=plant_id,
            line=line,
            latitude=latitude,
            longitude=longitude,
            state=state,
            name=name,
            city=cell("City") or None,
            county=cell("County") or None,
            utility=cell("Utility_Name") or None,
            primary_source=(cell("PrimSource").lower() or None),
            total_mw=total_mw,
            period=period,
        )


class _Rejected(Exception):
    def __init__(self, finding: Finding) -> None:
        self.finding = finding


def _plant_code(cell: str) -> int:
    code = to_int(cell)
    if code is None or not 1 <= code <= MAX_PLANT_CODE:
        raise CellError(f"a plant code is a whole number from 1 to {MAX_PLANT_CODE:,}")
    return code


def _between(low: float, high: float) -> Callable[[str], float]:
    def read(cell: str) -> float:
        value = to_float(cell)
        if value is None or not math.isfinite(value) or not low <= value <= high:
            raise CellError(f"a coordinate in degrees from {low} to {high}")
        return value

    return read


def _state(cell: str) -> str:
    code = _STATE_CODES.get(" ".join(cell.split()).upper())
    if code is None:
        raise CellError("not a state eGRID reports (a full name such as Texas, or TX)")
    return code


def _required(cell: str) -> str:
    if not cell:
        raise CellError("required")
    return cell


def _period(cell: str) -> str | None:
    if not cell:
        return None
    match = _PERIOD.match(cell)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise CellError("a period is a year and month: 202311 or 2023-11")
    return f"{match.group(1)}-{match.group(2)}"
