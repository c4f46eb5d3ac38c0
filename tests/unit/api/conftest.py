"""An app whose database is never opened: for what HTTP does before any query runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from gridlens.api.app import create_app
from gridlens.settings import Settings
from tests.unit.api.signin import signed_in

MakeApp = Callable[..., FastAPI]


@pytest.fixture
def make_app(tmp_path: Path) -> MakeApp:
    """make_app(**settings) builds the app; its SQLite file is only created if a query runs."""

    def make(**overrides: Any) -> FastAPI:
        values: dict[str, Any] = {
            "env": "test",
            "database_url": f"sqlite:///{tmp_path / 'unused.db'}",
            "store_url": str(tmp_path / "store"),
            "web_dist": str(tmp_path / "no-ui"),
        }
        return signed_in(create_app(Settings(**(values | overrides))))

    return make
