"""Reading S3 event notifications: what was created, where, and what is not an event at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridlens.ingest.events import BadEvent, Created, parse, store_key
from gridlens.store.local import LocalStore
from gridlens.store.s3 import S3Store


def record(name: str, bucket: str, key: str) -> dict[str, object]:
    return {"eventName": name, "s3": {"bucket": {"name": bucket}, "object": {"key": key}}}


def test_aws_records_give_bucket_and_decoded_key() -> None:
    body = json.dumps(
        {
            "Records": [
                record("ObjectCreated:Put", "grid", "egrid/gen+23%281%29.csv"),
                record("ObjectRemoved:Delete", "grid", "egrid/old.csv"),
                record("s3:ObjectCreated:CompleteMultipartUpload", "grid", "egrid/big.csv"),
            ]
        }
    )

    assert parse(body) == [
        Created("grid", "egrid/gen 23(1).csv"),
        Created("grid", "egrid/big.csv"),
    ]


def test_s3s_test_event_creates_nothing() -> None:
    assert parse(b'{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"grid"}') == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("not json", "not JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[1, 2]", "not an S3 event: a JSON list, not an object"),
        ('{"Message": "hi"}', "not an S3 event: no Records list"),
        (
            '{"Records": [{"eventName": "ObjectCreated:Put", "s3": {}}]}',
            "Records[0] lacks s3.bucket.name or s3.object.key",
        ),
    ],
)
def test_what_is_not_an_event_is_refused_saying_why(body: str, error: str) -> None:
    with pytest.raises(BadEvent) as refused:
        parse(body)

    assert str(refused.value) == error


def test_only_csvs_under_the_stores_bucket_and_prefix_have_a_store_key() -> None:
    store = S3Store("grid", "egrid", client=object())  # type: ignore[arg-type]  # never called

    assert store_key(store, Created("grid", "egrid/gen23.csv")) == "gen23.csv"
    assert store_key(store, Created("grid", "egrid/2023/GEN23.CSV")) == "2023/GEN23.CSV"
    assert store_key(store, Created("grid", "egrid/notes.txt")) is None
    assert store_key(store, Created("grid", "other/gen23.csv")) is None
    assert store_key(store, Created("elsewhere", "egrid/gen23.csv")) is None
    assert store_key(LocalStore(Path(".")), Created("grid", "egrid/gen23.csv")) is None
