"""`gridlens runs` lists the ingestion runs; `gridlens runs show ID` shows one in full."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from gridlens.runs import text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

runs_app = typer.Typer(help="Ingestion runs: list them, show one.", rich_markup_mode=None)


@contextmanager
def _session() -> Iterator[Session]:
    from gridlens.db.engine import session_scope
    from gridlens.preflight import prepare
    from gridlens.settings import get_settings

    settings = get_settings()
    prepare(settings)
    with session_scope(settings.database_url) as session:
        yield session


@runs_app.callback(invoke_without_command=True)
def list_runs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first")] = 20,
) -> None:
    """List the newest runs: id, status (and error code), queued at, year, rows, source."""
    if ctx.invoked_subcommand is not None:
        return
    from gridlens.runs.queries import list_ingestions

    with _session() as session:
        page = list_ingestions(session, limit=limit, offset=0)
    if not page.ingestions:
        typer.echo("no runs yet: `gridlens ingest` loads the store's CSVs")
        return
    for run in page.ingestions:
        typer.echo(text.run_line(run))
    if page.total > len(page.ingestions):
        typer.echo(f"({len(page.ingestions)} of {page.total:,} runs: --limit shows more)")


@runs_app.command("show")
def show(
    run_id: Annotated[int, typer.Argument(help="The run's id (`gridlens runs` lists them)")],
) -> None:
    """Show one run: every field, its notes, and the rejected rows and warnings it kept."""
    from gridlens.runs.queries import IngestionNotFound, get_ingestion

    try:
        with _session() as session:
            run = get_ingestion(session, run_id)
    except IngestionNotFound:
        typer.echo(f"error: there is no run {run_id}: `gridlens runs` lists them", err=True)
        raise typer.Exit(1) from None
    for line in text.run_detail(run):
        typer.echo(line)
