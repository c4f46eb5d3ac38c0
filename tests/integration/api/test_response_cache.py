"""Read answers cached per data version: ETags, 304s, and never stale past the check interval."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from gridlens.api import cache as response_cache
from gridlens.api.app import create_app
from gridlens.api.cache import ResponseCache
from gridlens.plants.version import DataVersion
from gridlens.settings import Settings
from tests.integration.api.conftest import Seed
from tests.integration.api.factories import dataset, plant
from tests.integration.ingest.helpers import ingest_file
from tests.integration.ingest.sheets import gen, write_sheet
from tests.unit.api.signin import signed_in

CHECK_S = 0.3
TOP_TX = "/api/v1/plants/top?state=TX"


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The app with a short version check, so a test can wait it out."""
    app = signed_in(create_app(settings))
    app.state.responses = ResponseCache(settings.database_url, check_s=CHECK_S)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def sheet(tmp_path: Path, name: str, mwh: str) -> Path:
    return write_sheet(
        tmp_path / name,
        [gen(6251, "1", mwh, name="South Texas Project"), gen(3, "1", "10", state="DC")],
    )


def test_reads_carry_an_etag_and_ask_to_revalidate(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), plant(2023, 1, "TX", 5.0))

    for path in (TOP_TX, "/api/v1/states", "/api/v1/years", "/api/v1/plants/1"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["etag"].startswith('W/"'), path
        assert answer.headers["cache-control"] == "private, no-cache", path
        assert answer.headers["content-type"] == "application/json", path


def test_if_none_match_gets_304_without_a_body(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), plant(2023, 1, "TX", 5.0))
    etag = client.get(TOP_TX).headers["etag"]

    for sent in (etag, etag.removeprefix("W/"), f'"other", {etag}', "*"):
        again = client.get(TOP_TX, headers={"If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again.content == b""
        assert again.headers["etag"] == etag
    assert client.get(TOP_TX, headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_not_cached_and_get_no_etag(client: TestClient, seed: Seed) -> None:
    assert client.get(TOP_TX).status_code == 404
    seed(dataset(2023), plant(2023, 1, "TX", 5.0))

    answer = client.get(TOP_TX)

    assert answer.status_code == 200
    assert client.get("/api/v1/plants/top?year=2019").headers.get("etag") is None


def test_an_ingestion_changes_the_etag_and_the_answer_within_the_check(
    client: TestClient, db_url: str, tmp_path: Path
) -> None:
    assert ingest_file(sheet(tmp_path, "first.csv", "100"), db_url).status == "succeeded"
    first = client.get(TOP_TX)
    assert first.json()["plants"][0]["net_generation_mwh"] == 100.0

    assert ingest_file(sheet(tmp_path, "second.csv", "250"), db_url).status == "succeeded"
    time.sleep(CHECK_S + 0.05)
    second = client.get(TOP_TX, headers={"If-None-Match": first.headers["etag"]})

    assert second.status_code == 200
    assert second.headers["etag"] != first.headers["etag"]
    assert second.json()["plants"][0]["net_generation_mwh"] == 250.0
    assert second.json()["total_net_generation_mwh"] == 250.0


def test_a_cached_answer_never_outlives_a_change_by_more_than_the_check(
    client: TestClient, seed: Seed
) -> None:
    seed(dataset(2023, ingestion_id=1), plant(2023, 1, "TX", 5.0))
    assert client.get(TOP_TX).json()["year"] == 2023

    # What an ingestion commits: the year's rows and its datasets row, with its own run id.
    seed(dataset(2024, ingestion_id=2), plant(2024, 1, "TX", 7.0))
    changed = time.monotonic()
    answers: list[tuple[float, int]] = []
    # Sample past the check however slow a request is on a loaded machine, within a hard bound.
    while (waited := time.monotonic() - changed) < 10 * CHECK_S + 5:
        answers.append((waited, client.get(TOP_TX).json()["year"]))
        if sum(1 for w, _ in answers if w >= CHECK_S) >= 3:
            break
        time.sleep(0.02)

    after_check = [year for waited, year in answers if waited >= CHECK_S]
    assert len(after_check) >= 3
    assert set(after_check) == {2024}


def test_hits_do_not_touch_the_database(
    app: FastAPI, client: TestClient, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(dataset(2023), plant(2023, 1, "TX", 5.0))
    reads: list[Session] = []
    real = response_cache.data_version

    def counted(session: Session) -> DataVersion:
        reads.append(session)
        return real(session)

    monkeypatch.setattr(response_cache, "data_version", counted)
    # Checked once an hour: no read of the version is due while the test runs, however slow.
    app.state.responses = ResponseCache(app.state.settings.database_url, check_s=3600)

    bodies = {client.get(TOP_TX).content for _ in range(20)}

    assert len(bodies) == 1
    # The version once, then with the one answer: in its snapshot (PostgreSQL), or before and
    # after computing it (SQLite).
    snapshot = app.state.settings.database_url.startswith("postgresql")
    assert len(reads) == (2 if snapshot else 3)


def test_large_answers_go_gzipped_to_clients_that_take_it(client: TestClient, seed: Seed) -> None:
    seed(dataset(2023), *(plant(2023, i, "TX", float(i)) for i in range(1, 60)))
    plain = client.get("/api/v1/plants/top?n=50", headers={"Accept-Encoding": "identity"})

    zipped = client.get("/api/v1/plants/top?n=50", headers={"Accept-Encoding": "gzip"})

    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.headers["etag"] == plain.headers["etag"]
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json()
    assert len(gzip.compress(plain.content)) < len(plain.content)
