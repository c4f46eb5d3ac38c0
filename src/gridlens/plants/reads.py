"""What a read-side answer reads from: api.cache.Read, a session or one statement's rows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from sqlalchemy import Dialect
from sqlalchemy.orm import Session


class Rows(Protocol):
    """A read of one data version."""

    @property
    def session(self) -> Session:
        """A session in the version's snapshot (api.cache.Unsure when the read has none)."""
        ...

    @property
    def dialect(self) -> Dialect: ...

    def pg_rows(self, sql: str, values: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
        """PostgreSQL: the rows of one SELECT (psycopg's SQL, %(name)s parameters), binary."""
        ...
