"""`gridlens worker`'s SQS side: S3 event messages in, queued runs out, each message deleted
only once its run is recorded. A message that fails stays in the queue: it comes back after the
visibility timeout, and the queue's redrive policy moves it to the dead-letter queue in the end."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import boto3
import structlog
from botocore.config import Config
from sqlalchemy.exc import SQLAlchemyError

from gridlens.ingest.events import BadEvent, parse, queue_created
from gridlens.metrics import S3_EVENTS
from gridlens.settings import Settings
from gridlens.store.base import ObjectStore, StoreError
from gridlens.store.factory import open_store
from gridlens.store.s3_client import DEFAULT_REGION, S3Failure

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_sqs.type_defs import MessageTypeDef

log = structlog.get_logger("gridlens.sqs")
BATCH = 10  # SQS's most per receive


def sqs_client(wait_s: int) -> SQSClient:
    """An SQS client from the AWS_* variables (AWS_ENDPOINT_URL too) that waits out a long poll."""
    region = os.environ.get("AWS_REGION") or boto3.session.Session().region_name or DEFAULT_REGION
    config = Config(region_name=region, connect_timeout=3, read_timeout=wait_s + 10)
    return boto3.session.Session().client("sqs", config=config)


class EventQueue:
    """Receives S3 event messages from GRIDLENS_SQS_QUEUE_URL and queues their runs."""

    def __init__(self, settings: Settings, wait_s: int = 1) -> None:
        assert settings.sqs_queue_url
        self.url = settings.sqs_queue_url
        self.settings = settings
        self.wait_s = wait_s
        self.client = sqs_client(wait_s)
        self._store: ObjectStore | None = None

    def poll(self, *, wait: bool) -> int:
        """Handle what one receive returns (long-polling when wait); the number of messages."""
        messages = self.client.receive_message(
            QueueUrl=self.url,
            MaxNumberOfMessages=BATCH,
            WaitTimeSeconds=self.wait_s if wait else 0,
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        ).get("Messages", [])
        for message in messages:
            self.handle(message)
        return len(messages)

    def handle(self, message: MessageTypeDef) -> bool:
        """Queue the message's runs, then delete it; False (and kept) when that failed."""
        context = {
            "message_id": message.get("MessageId"),
            "receive_count": message.get("Attributes", {}).get("ApproximateReceiveCount"),
        }
        try:
            created = parse(message.get("Body", ""))
            if self._store is None:
                self._store = open_store(self.settings.store_url)
            queued = queue_created(self._store, self.settings.database_url, created)
        except BadEvent as error:
            S3_EVENTS.labels(outcome="poison").inc()
            log.warning("poison message left to the redrive policy", error=str(error), **context)
            return False
        except (StoreError, SQLAlchemyError, *S3Failure) as error:
            S3_EVENTS.labels(outcome="failed").inc()
            log.warning("event not handled; SQS delivers it again", error=str(error), **context)
            return False
        for run in queued:
            S3_EVENTS.labels(outcome="queued" if run.run_id else "duplicate").inc()
        S3_EVENTS.labels(outcome="ignored").inc(len(created) - len(queued))
        self.client.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return True
