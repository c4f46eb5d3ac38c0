"""Event-driven ingestion over moto's server mode (S3 and SQS over HTTP, as AWS is called):
S3 sends an event to SQS for each new CSV, `gridlens worker` turns it into exactly one run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

import boto3
import psycopg
import pytest
from sqlalchemy import insert

from gridlens.db.engine import get_engine
from gridlens.db.tables import Ingestion
from tests.conftest import PG_ADMIN_DSN
from tests.integration.ingest.helpers import rows, scalar
from tests.integration.ingest.sheets import plants_sheet

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

GRIDLENS = Path(sys.executable).parent / "gridlens"
PREFIX = "egrid/"
VISIBILITY_S = 2  # short, so a message a dead worker held comes back quickly
MAX_RECEIVES = 2  # then the redrive policy moves it to the dead-letter queue
LOAD_TIMEOUT_S = 60.0


def sqs_client() -> SQSClient:
    return boto3.client("sqs", region_name=os.environ["AWS_REGION"])


@dataclass(frozen=True)
class Queues:
    url: str
    dead_letter_url: str


@pytest.fixture
def queues(s3_endpoint: str, s3_bucket: str) -> Iterator[Queues]:
    """A queue with a dead-letter queue, fed by the bucket's CSV object-created events."""
    sqs = sqs_client()
    name = f"gridlens-events-{uuid.uuid4().hex[:8]}"
    dead = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = {"deadLetterTargetArn": dead_arn, "maxReceiveCount": str(MAX_RECEIVES)}
    url = sqs.create_queue(
        QueueName=name,
        Attributes={
            "VisibilityTimeout": str(VISIBILITY_S),
            "RedrivePolicy": json.dumps(redrive),
        },
    )["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    rules = [{"Name": "prefix", "Value": PREFIX}, {"Name": "suffix", "Value": ".csv"}]
    boto3.client("s3").put_bucket_notification_configuration(
        Bucket=s3_bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": rules}},  # type: ignore[typeddict-item]
                }
            ]
        },
    )
    yield Queues(url, dead)
    sqs.delete_queue(QueueUrl=url)
    sqs.delete_queue(QueueUrl=dead)


def counts(url: str) -> tuple[int, int]:
    """(messages waiting, messages received and not yet deleted)."""
    attributes = sqs_client().get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        int(attributes["ApproximateNumberOfMessages"]),
        int(attributes["ApproximateNumberOfMessagesNotVisible"]),
    )


def start_worker(pg_url: str, bucket: str, queues: Queues, log: Path) -> subprocess.Popen[bytes]:
    """`gridlens worker` on the event queue, with no polling of the bucket."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDLENS_")} | {
        "GRIDLENS_DATABASE_URL": pg_url,
        "GRIDLENS_STORE_URL": f"s3://{bucket}/{PREFIX}",
        "GRIDLENS_SQS_QUEUE_URL": queues.url,
        "GRIDLENS_LOG_FORMAT": "json",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(GRIDLENS), "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)


def wait_for(what: str, condition: Callable[[], object], log: Path) -> None:
    deadline = time.monotonic() + LOAD_TIMEOUT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen in {LOAD_TIMEOUT_S:.0f} s; worker log:\n{log.read_text()}")


def runs(pg_url: str) -> list[tuple[object, ...]]:
    return rows(pg_url, "SELECT source, status, rows_loaded FROM ingestions ORDER BY id")


def put(bucket: str, sheet: Path) -> str:
    boto3.client("s3").upload_file(str(sheet), bucket, PREFIX + sheet.name)
    return hashlib.sha256(sheet.read_bytes()).hexdigest()


def test_a_file_put_in_the_bucket_is_loaded_without_an_api_call_or_a_poll(
    pg_url: str, s3_bucket: str, queues: Queues, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    worker = start_worker(pg_url, s3_bucket, queues, log)
    try:
        put(s3_bucket, plants_sheet(tmp_path / "gen23.csv", 20))
        boto3.client("s3").put_object(Bucket=s3_bucket, Key=f"{PREFIX}notes.txt", Body=b"x")

        wait_for("the load", lambda: runs(pg_url) == [("gen23.csv", "succeeded", 20)], log)
    finally:
        stop(worker)

    assert scalar(pg_url, "SELECT COUNT(*) FROM plants WHERE year = 2023") == 20
    assert counts(queues.url) == (0, 0)
    assert counts(queues.dead_letter_url) == (0, 0)


def test_the_same_event_delivered_twice_loads_the_file_once(
    pg_url: str, s3_bucket: str, queues: Queues, tmp_path: Path
) -> None:
    sqs = sqs_client()
    put(s3_bucket, plants_sheet(tmp_path / "gen23.csv", 20))
    received = sqs.receive_message(QueueUrl=queues.url, MaxNumberOfMessages=10)["Messages"]
    for each in received:
        sqs.delete_message(QueueUrl=queues.url, ReceiptHandle=each["ReceiptHandle"])
    # S3 sent its test event when the notification was set up, then the object's.
    test_event, message = (json.loads(m["Body"]) for m in received)
    assert test_event["Event"] == "s3:TestEvent"
    for _ in range(2):  # SQS is at-least-once: the very same event, twice
        sqs.send_message(QueueUrl=queues.url, MessageBody=json.dumps(message))
    log = tmp_path / "worker.log"

    worker = start_worker(pg_url, s3_bucket, queues, log)
    try:
        wait_for("both messages handled", lambda: counts(queues.url) == (0, 0), log)
        wait_for("the load", lambda: ("gen23.csv", "succeeded", 20) in runs(pg_url), log)
        time.sleep(1.0)  # room for a wrongly queued second run to show up
    finally:
        stop(worker)

    # URL-encoded as S3 does (moto encodes the slash too, which AWS leaves alone).
    assert unquote_plus(message["Records"][0]["s3"]["object"]["key"]) == "egrid/gen23.csv"
    assert runs(pg_url) == [("gen23.csv", "succeeded", 20)]


def test_a_worker_killed_after_receiving_leaves_the_message_to_be_received_again(
    pg_url: str, s3_bucket: str, queues: Queues, tmp_path: Path
) -> None:
    sheet = plants_sheet(tmp_path / "gen23.csv", 20)
    sha = hashlib.sha256(sheet.read_bytes()).hexdigest()
    database = pg_url.rsplit("/", 1)[1]
    log = tmp_path / "worker.log"
    # An open run of this very file, uncommitted: the worker's own insert of it waits on the
    # unique index, so the worker is caught between receiving the message and recording its run.
    with get_engine(pg_url).connect() as blocker:
        blocker.execute(insert(Ingestion).values(source="gen23.csv", sha256=sha, status="queued"))
        first = start_worker(pg_url, s3_bucket, queues, log)
        put(s3_bucket, sheet)
        wait_for("the worker to wait on the run table", lambda: waiting_inserts(database), log)
        assert counts(queues.url) == (0, 1)  # received, not deleted

        first.send_signal(signal.SIGKILL)
        first.wait(10)
        blocker.rollback()

    second = start_worker(pg_url, s3_bucket, queues, log)
    try:
        wait_for("the load", lambda: runs(pg_url) == [("gen23.csv", "succeeded", 20)], log)
        wait_for("the message deleted", lambda: counts(queues.url) == (0, 0), log)
    finally:
        stop(second)

    assert counts(queues.dead_letter_url) == (0, 0)


def waiting_inserts(database: str) -> bool:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        return bool(
            admin.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                "AND query LIKE 'INSERT INTO ingestions%%'",
                (database,),
            ).fetchone()
        )


def test_a_poison_message_is_left_to_the_redrive_policy(
    pg_url: str, s3_bucket: str, queues: Queues, tmp_path: Path
) -> None:
    sqs_client().send_message(QueueUrl=queues.url, MessageBody="not an event")
    log = tmp_path / "worker.log"

    worker = start_worker(pg_url, s3_bucket, queues, log)
    try:
        wait_for("the dead-letter move", lambda: counts(queues.dead_letter_url)[0] == 1, log)
    finally:
        stop(worker)

    (dead,) = sqs_client().receive_message(QueueUrl=queues.dead_letter_url)["Messages"]
    assert dead["Body"] == "not an event"
    assert counts(queues.url) == (0, 0)
    assert runs(pg_url) == []
    warnings = [json.loads(line) for line in log.read_text().splitlines() if "poison" in line]
    assert len(warnings) == MAX_RECEIVES
    assert warnings[0]["error"] == "not JSON: Expecting value: line 1 column 1 (char 0)"
