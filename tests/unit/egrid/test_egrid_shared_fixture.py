"""The shared_egrid fixture skips where the shared data is absent, but fails under CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.egrid.conftest import SHARED_EGRID, find_shared_egrid


def test_shared_folder_is_beside_the_repository_root() -> None:
    repo_root = Path(__file__).resolve().parents[3]
    assert (repo_root / "pyproject.toml").is_file()
    assert SHARED_EGRID.resolve() == (repo_root.parent / "shared/data/egrid").resolve()


def test_an_existing_folder_is_returned(tmp_path: Path) -> None:
    assert find_shared_egrid(tmp_path, {"CI": "true"}) == tmp_path.resolve()


@pytest.mark.parametrize("environ", [{}, {"CI": "false"}, {"CI": ""}])
def test_a_missing_folder_skips_outside_ci(tmp_path: Path, environ: dict[str, str]) -> None:
    with pytest.raises(pytest.skip.Exception, match="shared eGRID data not found at"):
        find_shared_egrid(tmp_path / "absent", environ)


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_a_missing_folder_fails_under_ci(tmp_path: Path, ci: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI=true, so the real-data tests must run"):
        find_shared_egrid(tmp_path / "absent", {"CI": ci})
