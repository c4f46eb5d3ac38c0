"""Why a file is refused: one exception the CLI, the API and the run record all report."""

from __future__ import annotations

from sqlalchemy.exc import InterfaceError, OperationalError

from gridlens.egrid.sheet import SheetError
from gridlens.outcomes import ErrorCode
from gridlens.store.base import InvalidKey, ObjectNotFound, StoreError, StoreUnavailable


class IngestRefused(Exception):
    """The file was refused and nothing stored changed; the message says what and where."""

    def __init__(
        self,
        source: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        code: ErrorCode,
    ) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        self.code = code
        where = source
        if line is not None:
            where += f" line {line}"
        if column is not None:
            where += f" column {column}"
        super().__init__(f"{where}: {message}")


# Most specific first: the first class the error is an instance of names its code.
_STORE_CODES: tuple[tuple[type[StoreError], ErrorCode], ...] = (
    (ObjectNotFound, ErrorCode.OBJECT_NOT_FOUND),
    (InvalidKey, ErrorCode.INVALID_KEY),
    (StoreUnavailable, ErrorCode.STORE_UNAVAILABLE),
    (StoreError, ErrorCode.STORE_ERROR),
)


def error_code(error: BaseException) -> ErrorCode:
    """The code a run that failed with error records."""
    if isinstance(error, IngestRefused | SheetError):
        return error.code
    for kind, code in _STORE_CODES:
        if isinstance(error, kind):
            return code
    if isinstance(error, OperationalError | InterfaceError):
        return ErrorCode.DATABASE_UNAVAILABLE
    return ErrorCode.INTERNAL_ERROR
