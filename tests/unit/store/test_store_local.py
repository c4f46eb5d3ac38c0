"""LocalStore against a real temporary folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from gridlens.store import LocalStore, ObjectNotFound, StoreError
from gridlens.store.base import CHUNK_BYTES


class FailingReader(io.BytesIO):
    """A stream that breaks after its first bytes, like a dropped upload."""

    def read(self, size: int | None = -1, /) -> bytes:
        if self.tell():
            raise ConnectionResetError("client went away")
        return super().read(4)


def write(root: Path, key: str, data: bytes) -> None:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_creates_a_missing_root_and_names_it_as_a_file_url(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "var" / "store")
    assert (tmp_path / "var" / "store").is_dir()
    assert store.url == (tmp_path / "var" / "store").as_uri()
    assert store.uri("2022/a.csv") == (tmp_path / "var" / "store" / "2022" / "a.csv").as_uri()


def test_put_then_open_returns_the_same_bytes(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    data = b"YEAR,ORISPL\r\n2022,3\r\n"
    stored = store.put("2022/gen.csv", io.BytesIO(data), size=len(data))
    assert (stored.key, stored.size) == ("2022/gen.csv", len(data))
    with store.open("2022/gen.csv") as stream:
        assert stream.read() == data
    assert store.stat("2022/gen.csv") == stored
    assert sorted(p.name for p in (tmp_path / "2022").iterdir()) == ["gen.csv"]


def test_put_copies_in_bounded_chunks(tmp_path: Path) -> None:
    asked: list[int] = []
    source = io.BytesIO(b"z" * (3 * CHUNK_BYTES + 5))

    class Recorder(io.BytesIO):
        def read(self, size: int | None = -1, /) -> bytes:
            asked.append(-1 if size is None else size)
            return source.read(size)

    LocalStore(tmp_path).put("big.csv", Recorder())
    assert (tmp_path / "big.csv").stat().st_size == 3 * CHUNK_BYTES + 5
    assert set(asked) == {CHUNK_BYTES}


def test_failed_put_keeps_the_old_object_and_leaves_no_temp_file(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    write(tmp_path, "gen.csv", b"old")
    with pytest.raises(StoreError, match=r"cannot write \(client went away\)"):
        store.put("gen.csv", FailingReader(b"YEAR,ORISPL\n"))
    assert (tmp_path / "gen.csv").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["gen.csv"]


def test_put_shorter_than_announced_is_refused(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    write(tmp_path, "gen.csv", b"old")
    with pytest.raises(StoreError, match="got 3 bytes but expected 10"):
        store.put("gen.csv", io.BytesIO(b"new"), size=10)
    assert (tmp_path / "gen.csv").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["gen.csv"]


def test_list_csv_is_recursive_case_insensitive_and_sorted(tmp_path: Path) -> None:
    for key, data in {
        "sub/deeper/c.csv": b"c",
        "b.csv": b"bb",
        "sub/a.CSV": b"aaa",
        "notes.txt": b"n",
        "sub/readme.csv.bak": b"x",
    }.items():
        write(tmp_path, key, data)
    (tmp_path / "folder.csv").mkdir()
    listed = LocalStore(tmp_path).list_csv()
    assert [(obj.key, obj.size) for obj in listed] == [
        ("b.csv", 2),
        ("sub/a.CSV", 3),
        ("sub/deeper/c.csv", 1),
    ]
    assert all(obj.modified is not None and obj.modified.tzinfo for obj in listed)


@pytest.mark.parametrize("key", ["../outside.csv", "/tmp/outside.csv", "a/../../outside.csv"])
def test_keys_escaping_the_root_are_refused(tmp_path: Path, key: str) -> None:
    store = LocalStore(tmp_path / "store")
    for call in (store.open, store.stat, lambda k: store.put(k, io.BytesIO(b"x"))):
        with pytest.raises(StoreError, match="invalid key") as caught:
            call(key)
        assert not isinstance(caught.value, ObjectNotFound)
    assert not (tmp_path / "outside.csv").exists()


@pytest.mark.parametrize("key", ["missing.csv", "sub", "gen.csv/inner.csv"])
def test_missing_objects_raise_object_not_found(tmp_path: Path, key: str) -> None:
    write(tmp_path, "sub/x.csv", b"x")
    write(tmp_path, "gen.csv", b"x")
    store = LocalStore(tmp_path)
    with pytest.raises(ObjectNotFound, match=f"{store.uri(key)}: no such file"):
        store.open(key)
    with pytest.raises(ObjectNotFound):
        store.stat(key)


def test_check_passes_for_the_folder_and_fails_once_it_is_gone(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.check()
    (tmp_path / "store").rmdir()
    with pytest.raises(StoreError, match="missing or not readable"):
        store.check()
