"""The codes a failure is recorded with, for the errors no test file can provoke cheaply."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import InterfaceError, OperationalError

from gridlens.ingest.errors import IngestRefused, error_code
from gridlens.outcomes import ErrorCode
from gridlens.store.base import InvalidKey, ObjectNotFound, StoreError, StoreUnavailable


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (IngestRefused("x.csv", "no rows", code=ErrorCode.NO_GENERATOR_ROWS), "no_generator_rows"),
        (ObjectNotFound("gone"), "object_not_found"),
        (InvalidKey("../x"), "invalid_key"),
        (StoreUnavailable("timed out"), "store_unavailable"),
        (StoreError("403 Forbidden"), "store_error"),
        (OperationalError("SELECT 1", {}, Exception("connection refused")), "database_unavailable"),
        (InterfaceError("SELECT 1", {}, Exception("closed")), "database_unavailable"),
        (ZeroDivisionError("division by zero"), "internal_error"),
    ],
)
def test_error_code(error: BaseException, code: str) -> None:
    assert error_code(error) == code
