"""`gridlens ingest` as a person runs it: a real process, the moto S3 endpoint, real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from tests.integration.ingest.helpers import rows, scalar, top_plants
from tests.integration.ingest.sheets import gen, plants_sheet, write_sheet

GRIDLENS = Path(sys.executable).parent / "gridlens"


def gridlens(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GRIDLENS), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.s3
def test_ingest_gen23_from_s3_into_postgres(
    s3_bucket: str, pg_url: str, shared_egrid: Path
) -> None:
    s3 = boto3.client("s3")
    s3.upload_file(str(shared_egrid / "gen23.csv"), s3_bucket, "egrid/gen23.csv")
    s3.put_object(Bucket=s3_bucket, Key="egrid/notes.txt", Body=b"not a sheet")
    env = {"GRIDLENS_DATABASE_URL": pg_url, "GRIDLENS_STORE_URL": f"s3://{s3_bucket}/egrid/"}

    first = gridlens("ingest", env=env)
    assert first.returncode == 0, first.stderr
    assert "gen23.csv: 2023 loaded: 26,601 generators, 0 rejected, 0 skipped" in first.stdout
    assert top_plants(pg_url, 2023, 1) == [(6008, "Palo Verde", 31_522_590)]

    again = gridlens("ingest", env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing to ingest" in again.stdout

    by_uri = gridlens("ingest", f"s3://{s3_bucket}/egrid/gen23.csv", env=env)
    assert by_uri.returncode == 0, by_uri.stderr
    assert "unchanged, 2023 already holds it" in by_uri.stdout
    assert rows(pg_url, "SELECT source, status, rows_loaded FROM ingestions ORDER BY id") == [
        ("gen23.csv", "succeeded", 26_601),
        (f"s3://{s3_bucket}/egrid/gen23.csv", "skipped", 0),
    ]


def test_refused_file_exits_non_zero_naming_file_line_column(pg_url: str, tmp_path: Path) -> None:
    good = plants_sheet(tmp_path / "good.csv", 50)
    bad_rows = [gen(i, "1", "7") for i in range(1, 51)]
    bad_rows[2]["NAMEPCAP"] = "big"
    bad = write_sheet(tmp_path / "bad.csv", bad_rows)
    env = {"GRIDLENS_DATABASE_URL": pg_url, "GRIDLENS_STORE_URL": str(tmp_path / "store")}

    result = gridlens("ingest", str(good), str(bad), env=env)
    assert result.returncode == 1
    assert f"{good}: 2023 loaded: 50 generators" in result.stdout
    assert f"{bad}: refused" in result.stdout
    assert f"error: {bad} line 5 column NAMEPCAP: 1 of 50 rows rejected (2.0%)" in result.stderr
    assert scalar(pg_url, "SELECT SUM(net_generation_kwh) / 1000.0 FROM plants") == 50 * 1000 + 1275


def test_missing_object_is_a_clear_error(sqlite_url: str, tmp_path: Path) -> None:
    env = {"GRIDLENS_DATABASE_URL": sqlite_url, "GRIDLENS_STORE_URL": str(tmp_path)}
    result = gridlens("ingest", "nope.csv", env=env)
    assert result.returncode == 1
    assert "nope.csv" in result.stderr
