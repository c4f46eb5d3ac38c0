"""The web client is generated from frontend/openapi.json: it must be the API the code serves."""

from __future__ import annotations

import json
from pathlib import Path

from gridlens.api.app import create_app
from gridlens.settings import Settings

SNAPSHOT = Path(__file__).resolve().parents[3] / "frontend" / "openapi.json"


def test_the_frontend_snapshot_matches_the_api() -> None:
    served = create_app(Settings(env="test", jwt_secret="o" * 48, embedded_worker=False)).openapi()
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == served, (
        "frontend/openapi.json is stale: run `npm --prefix frontend run gen:openapi "
        "&& npm --prefix frontend run gen:client`"
    )
