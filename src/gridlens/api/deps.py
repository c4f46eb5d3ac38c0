"""What routes ask for: the settings, a database session, the shared query parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from gridlens.db.engine import new_session
from gridlens.settings import Settings

MAX_INT4 = 2**31 - 1  # PostgreSQL integer columns: larger IDs would fail in the database


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """A read session per request; nothing here writes, so it only ever rolls back."""
    with new_session(settings.database_url) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

YearQuery = Annotated[
    int | None,
    Query(ge=1900, le=9999, description="eGRID data year; the latest loaded year when omitted"),
]
