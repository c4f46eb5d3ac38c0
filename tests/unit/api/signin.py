"""A signed-in caller for tests about data, not tokens (tests/integration/auth covers those)."""

from __future__ import annotations

from fastapi import FastAPI

from gridlens.auth.cache import cached_principal
from gridlens.auth.guards import Principal, current_principal

READER = Principal(user_id=1, username="reader", role="viewer", via="jwt")


def signed_in(app: FastAPI) -> FastAPI:
    """The app with every guarded route seeing READER."""
    for guard in (current_principal, cached_principal):
        app.dependency_overrides[guard] = lambda: READER
    return app
