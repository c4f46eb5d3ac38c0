"""open_store and resolve: from a URL or CLI argument to a store (no network needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gridlens.store import LocalStore, ObjectNotFound, StoreError, open_store, resolve
from gridlens.store.s3 import S3Store


@pytest.fixture(autouse=True)
def no_aws_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's AWS settings must not change what these tests see."""
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def object_url(store: S3Store) -> str:
    """Where the client would fetch egrid/a.csv from, without sending anything."""
    url = store.client.generate_presigned_url("get_object", {"Bucket": "egrid", "Key": "a.csv"})
    return url.split("?", 1)[0]


def test_plain_relative_path_is_a_folder_under_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store("./var/store")
    assert isinstance(store, LocalStore)
    assert store.root == tmp_path / "var" / "store"
    assert store.url == (tmp_path / "var" / "store").as_uri()


def test_file_url_is_a_folder(tmp_path: Path) -> None:
    store = open_store((tmp_path / "my store").as_uri())
    assert isinstance(store, LocalStore)
    assert store.root == tmp_path / "my store"


@pytest.mark.parametrize(
    ("url", "bucket", "prefix", "store_url"),
    [
        ("s3://egrid/raw/", "egrid", "raw/", "s3://egrid/raw/"),
        ("s3://egrid/raw", "egrid", "raw/", "s3://egrid/raw/"),
        ("s3://egrid/a/b/", "egrid", "a/b/", "s3://egrid/a/b/"),
        ("s3://egrid", "egrid", "", "s3://egrid/"),
        ("s3://egrid/", "egrid", "", "s3://egrid/"),
    ],
)
def test_s3_url_names_bucket_and_prefix(url: str, bucket: str, prefix: str, store_url: str) -> None:
    store = open_store(url)
    assert isinstance(store, S3Store)
    assert (store.bucket, store.prefix, store.url) == (bucket, prefix, store_url)
    assert store.uri("2022.csv") == f"{store_url}2022.csv"


def test_s3_client_defaults_to_us_east_1_and_bucket_host_names() -> None:
    store = open_store("s3://egrid/")
    assert isinstance(store, S3Store)
    assert store.client.meta.region_name == "us-east-1"
    assert object_url(store) == "https://egrid.s3.amazonaws.com/a.csv"


def test_s3_client_follows_aws_region_and_endpoint_with_bucket_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://minio.internal:9000")
    store = open_store("s3://egrid/")
    assert isinstance(store, S3Store)
    assert store.client.meta.region_name == "eu-west-3"
    assert store.client.meta.endpoint_url == "http://minio.internal:9000"
    assert object_url(store) == "http://minio.internal:9000/egrid/a.csv"


@pytest.mark.parametrize(
    "url",
    ["", "s3://", "s3:///raw/", "s3://user:pw@egrid/", "s3://egrid/a/../b/", "gs://egrid/raw/"],
)
def test_bad_store_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        open_store(url)


def test_file_url_with_a_host_is_refused() -> None:
    with pytest.raises(StoreError, match="file:///absolute/path"):
        open_store("file://server/share")


def test_resolve_s3_uri_is_that_bucket_and_key_with_the_default_client() -> None:
    default = S3Store("egrid", "raw/")
    store, key = resolve("s3://other-bucket/2022/egrid 2022.csv", default)
    assert isinstance(store, S3Store)
    assert (store.bucket, store.prefix, key) == ("other-bucket", "", "2022/egrid 2022.csv")
    assert store.uri(key) == "s3://other-bucket/2022/egrid 2022.csv"
    assert store.client is default.client


@pytest.mark.parametrize("spec", ["s3://egrid", "s3://egrid/", "s3://egrid/raw/"])
def test_resolve_refuses_an_s3_folder(tmp_path: Path, spec: str) -> None:
    with pytest.raises(StoreError, match="names a folder"):
        resolve(spec, LocalStore(tmp_path))


def test_resolve_existing_relative_file_is_its_folder_and_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "egrid2022.csv").write_bytes(b"YEAR\n")
    monkeypatch.chdir(tmp_path)
    store, key = resolve("data/egrid2022.csv", LocalStore(tmp_path / "store"))
    assert isinstance(store, LocalStore)
    assert (store.root, key) == (tmp_path / "data", "egrid2022.csv")
    assert store.open(key).read() == b"YEAR\n"


def test_resolve_existing_absolute_file_and_file_url(tmp_path: Path) -> None:
    path = tmp_path / "egrid2022.csv"
    path.write_bytes(b"YEAR\n")
    default = LocalStore(tmp_path / "store")
    for spec in (str(path), path.as_uri()):
        store, key = resolve(spec, default)
        assert isinstance(store, LocalStore)
        assert (store.root, key) == (tmp_path, "egrid2022.csv")


def test_resolve_missing_file_url_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(ObjectNotFound):
        resolve((tmp_path / "nope" / "x.csv").as_uri(), LocalStore(tmp_path / "store"))
    assert not (tmp_path / "nope").exists()


def test_resolve_anything_else_is_a_key_in_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    default = LocalStore(tmp_path / "store")
    assert resolve("2022/egrid2022.csv", default) == (default, "2022/egrid2022.csv")


def test_resolve_refuses_other_schemes(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unsupported address"):
        resolve("https://www.epa.gov/egrid.csv", LocalStore(tmp_path))
