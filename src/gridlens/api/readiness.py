"""Readiness: can this process reach its database and its object store right now?"""

from __future__ import annotations

import threading

from sqlalchemy import literal, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from gridlens.db.engine import get_engine
from gridlens.settings import Settings
from gridlens.store.base import ObjectStore, StoreError
from gridlens.store.factory import open_store

OK = "ok"


class NotReady(Exception):
    """A dependency is unreachable; checks says which and why."""

    def __init__(self, checks: dict[str, str]) -> None:
        failing = [f"{name} ({state})" for name, state in checks.items() if state != OK]
        super().__init__(
            f"Not ready: cannot reach {'; '.join(failing)}. Fix the connection settings or "
            "start the service; this check recovers on its own once it answers."
        )
        self.checks = checks


class Readiness:
    """Checks the database and the store; keeps the store once it opens, as opening can cost."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: ObjectStore | None = None
        self._lock = threading.Lock()

    def database(self) -> str:
        url = self.settings.database_url
        try:
            with get_engine(url).connect() as connection:
                connection.execute(select(literal(1)))
        except SQLAlchemyError as exc:
            where = make_url(url).render_as_string(hide_password=True)
            return f"{where}: {_first_line(exc)}"
        return OK

    def store(self) -> str:
        try:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self.settings.store_url)
                store = self._store
            store.check()
        except StoreError as exc:
            return str(exc)
        return OK

    def states(self) -> dict[str, str]:
        """Each dependency's state: OK or why it failed."""
        return {"database": self.database(), "store": self.store()}

    def check(self) -> dict[str, str]:
        """Each dependency's state; NotReady when any fails."""
        checks = self.states()
        if any(state != OK for state in checks.values()):
            raise NotReady(checks)
        return checks


def _first_line(exc: SQLAlchemyError) -> str:
    # The driver's own message, without SQLAlchemy's SQL echo and background link.
    cause = getattr(exc, "orig", None) or exc
    return str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
