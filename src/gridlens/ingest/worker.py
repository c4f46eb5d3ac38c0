"""`gridlens worker`: claim queued runs from the database and execute them, until stopped."""

from __future__ import annotations

import threading
import time

import structlog

from gridlens.audit.retention import purge
from gridlens.db.engine import get_engine
from gridlens.ingest.errors import error_code
from gridlens.ingest.lease import lease_connection, reap_orphans, worker_name
from gridlens.ingest.pipeline import Limits, Retry, ingest_object
from gridlens.ingest.queue import Job, claim, request
from gridlens.ingest.records import Outcome, close_run
from gridlens.ingest.sqs import EventQueue
from gridlens.metrics import INGESTION_RUNS
from gridlens.outcomes import RunStatus
from gridlens.settings import Settings
from gridlens.store.base import StoreError
from gridlens.store.factory import open_store, resolve

log = structlog.get_logger("gridlens.worker")
REAP_EVERY_S = 30.0
PURGE_EVERY_S = 3600.0
IDLE_WAIT_S = 1.0


class Worker:
    """One worker loop; several may run at once, in one process or on many machines."""

    def __init__(self, settings: Settings, stop: threading.Event | None = None) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        self._next_reap = 0.0
        self._next_poll = 0.0
        self._next_purge = 0.0
        self.events = EventQueue(settings) if settings.sqs_queue_url else None

    def run(self, *, once: bool = False) -> None:
        """Work until stopped; with once, until the queue is empty."""
        log.info("worker started", worker=worker_name(), store=self.settings.store_url)
        while not self.stop.is_set():
            idle_wait_s = IDLE_WAIT_S
            try:
                self._housekeeping()
                worked = self.run_one()
                if self.events:
                    # Idle, the long poll is the wait: a new file's event is taken at once.
                    worked = self.events.poll(wait=not worked) > 0 or worked
                    idle_wait_s = 0.0
            except Exception:
                # The database or store is down: say so and keep going; runs wait in the queue.
                log.exception("worker loop failed; retrying shortly")
                worked = False
            if once and not worked:
                break
            if not worked:
                self.stop.wait(idle_wait_s)
        log.info("worker stopped", worker=worker_name())

    def run_one(self) -> bool:
        """Claim and execute the oldest queued run; False when none was waiting."""
        with lease_connection(self.settings.database_url) as lease:
            job = claim(lease)
            if job is None:
                return False
            self._execute(job)
            return True

    def _execute(self, job: Job) -> None:
        log.info("run claimed", run_id=job.run_id, source=job.source, worker=worker_name())
        # Opened per run: a store that was down when the worker started may be back now.
        try:
            store, key = resolve(job.source, open_store(self.settings.store_url))
        except StoreError as error:
            with get_engine(self.settings.database_url).begin() as conn:
                failed = Outcome(job.run_id, job.source, RunStatus.FAILED, error=str(error))
                failed.error_code = error_code(error)
                close_run(conn, failed)
            INGESTION_RUNS.labels(status=RunStatus.FAILED.value).inc()
            log.warning("run source unreachable", run_id=job.run_id, error=str(error))
            return
        ingest_object(
            store,
            key,
            database_url=self.settings.database_url,
            source=job.source,
            run_id=job.run_id,
            limits=Limits(
                max_reject_ratio=self.settings.max_reject_ratio,
                max_shrink_ratio=self.settings.max_shrink_ratio,
                force=job.force,
                chunk_rows=self.settings.chunk_rows,
            ),
            retry=Retry(attempts=self.settings.retry_attempts),
        )

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if now >= self._next_reap:
            self._next_reap = now + REAP_EVERY_S
            for run_id in reap_orphans(self.settings.database_url):
                INGESTION_RUNS.labels(status="failed").inc()  # the dead process never counted it
                log.warning("run interrupted", run_id=run_id)
        retention = self.settings.audit_retention_days
        if retention and now >= self._next_purge:
            self._next_purge = now + PURGE_EVERY_S
            purged = purge(self.settings.database_url, retention)
            if purged:
                log.info("audit events purged", count=purged, retention_days=retention)
        poll = self.settings.poll_seconds
        if poll and now >= self._next_poll:
            self._next_poll = now + poll
            self.poll_store()

    def poll_store(self) -> list[int]:
        """Queue every CSV in the store that has no successful, queued or running run."""
        queued = request(self.settings, None)
        if queued:
            log.info("new objects queued", run_ids=queued)
        return queued


def start_background_worker(settings: Settings) -> tuple[threading.Thread, threading.Event]:
    """The embedded default's worker: a daemon thread inside `gridlens serve`."""
    stop = threading.Event()
    worker = Worker(settings, stop)
    thread = threading.Thread(target=worker.run, name="gridlens-worker", daemon=True)
    thread.start()
    return thread, stop
