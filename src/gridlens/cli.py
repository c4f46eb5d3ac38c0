"""The gridlens command: serve, ingest, db, sample, egrid fetch, openapi."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from gridlens.audit.cli import audit_app
from gridlens.auth.cli import tokens_app, users_app
from gridlens.preflight import prepare
from gridlens.runs.cli import runs_app

app = typer.Typer(
    help="Explore U.S. power plant net generation from EPA's eGRID data.",
    # Plain click help: rendering it with rich costs more than a second of start-up.
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Database schema (Alembic).")
egrid_app = typer.Typer(help="EPA eGRID files.")
app.add_typer(db_app, name="db")
app.add_typer(egrid_app, name="egrid")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(runs_app, name="runs")
app.add_typer(audit_app, name="audit")

WORKER_START_S = 60
EPA_WORKBOOK = "https://www.epa.gov/system/files/documents/2025-01/egrid2023_data_rev1.xlsx"


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind [GRIDLENS_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [GRIDLENS_PORT]")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes [GRIDLENS_WORKERS]")] = None,
) -> None:
    """Serve the API and the web UI."""
    import tempfile

    import uvicorn

    from gridlens.auth.users import ensure_admin
    from gridlens.settings import get_settings

    settings = get_settings()
    prepare(settings)
    if settings.admin_user and settings.admin_password:
        ensure_admin(settings)
    # Every worker process must sign and check tokens with the same key, even a generated one.
    os.environ["GRIDLENS_JWT_SECRET"] = settings.jwt_secret
    processes = workers or settings.workers
    if processes > 1 and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        # Each worker counts into files here, so that /metrics (any worker) sums them all.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="gridlens-metrics-")
    uvicorn.run(
        "gridlens.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=processes,
        # A worker importing the app on a busy machine takes longer than uvicorn's 5 s default
        # to answer its supervisor, which would then kill and restart it forever.
        timeout_worker_healthcheck=WORKER_START_S,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@app.command()
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Store keys, s3:// URIs or local paths; none: every new CSV in the store"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Replace a year even with >10% fewer generators")
    ] = False,
    max_reject_ratio: Annotated[
        float | None,
        typer.Option(help="Refuse a file when more than this share of rows is rejected"),
    ] = None,
) -> None:
    """Ingest generator-sheet CSVs from the object store; each file replaces its year."""
    with _importing():
        from gridlens.log_format import import_structlog
        from gridlens.settings import get_settings

        settings = get_settings()
        import_structlog(settings)  # before the modules below import it, to skip rich if it can
        from gridlens.ingest.cli_run import run_ingest
        from gridlens.tracing import setup as setup_tracing

    prepare(settings)
    setup_tracing("gridlens-ingest")
    code = run_ingest(
        settings,
        sources or [],
        force=force,
        max_reject_ratio=settings.max_reject_ratio
        if max_reject_ratio is None
        else max_reject_ratio,
    )
    raise typer.Exit(code)


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Stop when the queue is empty")] = False,
) -> None:
    """Claim queued ingestion runs from the database and execute them."""
    import signal
    import threading

    from prometheus_client import start_http_server

    from gridlens.ingest.worker import Worker
    from gridlens.settings import get_settings
    from gridlens.tracing import setup as setup_tracing

    settings = get_settings()
    prepare(settings)
    setup_tracing("gridlens-worker")
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    Worker(settings, stop).run(once=once)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to the latest schema."""
    from gridlens.db import migrate
    from gridlens.settings import get_settings

    settings = get_settings()
    migrate.upgrade(settings.database_url, revision)
    typer.echo(f"database at schema {migrate.current_revision(settings.database_url)}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision."""
    from gridlens.db import migrate
    from gridlens.settings import get_settings

    typer.echo(migrate.current_revision(get_settings().database_url) or "none")


@app.command()
def sample(
    out: Annotated[Path, typer.Option(help="Where to write the CSV")] = Path(
        "var/store/synthetic-gen23.csv"
    ),
    plants: int = 1500,
    year: int = 2023,
) -> None:
    """Write a SYNTHETIC generator sheet in EPA's GEN23 layout (for running without EPA's file)."""
    from gridlens.egrid.sample import sample_csv

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(sample_csv(year=year, plants=plants), encoding="utf-8")
    typer.echo(f"wrote {out} (synthetic sample, not EPA data)")


@egrid_app.command("fetch")
def egrid_fetch(
    out: Annotated[Path, typer.Option(help="Where to write the GEN sheet CSV")] = Path(
        "var/store/gen23.csv"
    ),
    url: Annotated[str, typer.Option(help="The eGRID workbook")] = EPA_WORKBOOK,
    timeout: float = 60.0,
) -> None:
    """Download EPA's eGRID workbook and extract its generator sheet to CSV (both header rows)."""
    from gridlens.epa.fetch import fetch_generator_csv

    try:
        rows = fetch_generator_csv(url, out, timeout=timeout)
    except Exception as error:
        typer.echo(f"error: could not fetch {url}: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"wrote {out} ({rows:,} generators from {url})")


@app.command()
def openapi() -> None:
    """Print the API's OpenAPI schema (the web client is generated from it)."""
    from gridlens.api.app import create_app

    json.dump(create_app().openapi(), sys.stdout, indent=2)
    sys.stdout.write("\n")


@contextmanager
def _importing() -> Iterator[None]:
    """No garbage collection while importing (imports make objects, not garbage: 15% of their
    time here), then what they made frozen, so later collections don't walk it again."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main() -> NoReturn:
    """The `gridlens` command. At the end its atexit work runs (log and span flushes), then the
    process leaves without tearing its modules down one by one: about 0.4 s after an ingestion."""
    try:
        app()
        code: int | str | None = 0
    except SystemExit as leaving:
        code = leaving.code
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    if engines := sys.modules.get("gridlens.db.engine"):
        for engine in engines.ENGINES.values():
            engine.dispose()  # closed: SQLite checkpoints its WAL and removes it, as before
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError):  # a closed pipe (`gridlens runs | head`) has nothing to flush to
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
