"""Turn the generator sheet of EPA's eGRID workbook (.xlsx) into CSV, both header rows kept."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from openpyxl import load_workbook


def generator_sheet_name(sheet_names: list[str]) -> str:
    """The GENyy sheet of a workbook, e.g. GEN23."""
    for name in sheet_names:
        if name.upper().startswith("GEN") and name[3:].isdigit():
            return name
    raise ValueError(f"no generator sheet (GENyy) among {', '.join(sheet_names)}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_to_csv(xlsx: Path, out: TextIO) -> int:
    """Write the generator sheet as CSV, streaming rows; returns the data rows written."""
    book = load_workbook(xlsx, read_only=True, data_only=True)
    try:
        sheet = book[generator_sheet_name(book.sheetnames)]
        writer = csv.writer(out, lineterminator="\n")
        rows = 0
        for values in sheet.iter_rows(values_only=True):
            cells = [_cell(value) for value in values]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            writer.writerow(cells)
            rows += 1
        return max(rows - 2, 0)
    finally:
        book.close()
