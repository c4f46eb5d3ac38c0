"""Why a file is refused: one exception the CLI, the API and the run record all report."""

from __future__ import annotations


class IngestRefused(Exception):
    """The file was refused and nothing stored changed; the message says what and where."""

    def __init__(
        self, source: str, message: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f" line {line}"
        if column is not None:
            where += f" column {column}"
        super().__init__(f"{where}: {message}")
