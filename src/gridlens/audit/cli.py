"""`gridlens audit …`: read the trail from a shell, and purge what is past retention."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from gridlens.audit.events import Action

audit_app = typer.Typer(help="The audit trail: who did what, when, from where.")


def _db() -> str:
    """The database URL, prepared; the database side is imported only by the commands."""
    from gridlens.preflight import prepare
    from gridlens.settings import get_settings

    settings = get_settings()
    prepare(settings)
    return settings.database_url


@audit_app.command("list")
def list_events(
    actor: Annotated[str | None, typer.Option(help="Only this actor name")] = None,
    action: Annotated[Action | None, typer.Option(help="Only this action")] = None,
    target: Annotated[str | None, typer.Option(help="Only this target")] = None,
    since: Annotated[datetime | None, typer.Option(help="At or after (UTC)")] = None,
    until: Annotated[datetime | None, typer.Option(help="Before (UTC)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many, newest first")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line")] = False,
) -> None:
    """Audit events, newest first."""
    from gridlens.audit.queries import AuditFilter, page
    from gridlens.db.engine import session_scope

    where = AuditFilter(actor, action.value if action else None, target, since, until)
    with session_scope(_db()) as session:
        events = page(session, where, limit).events
    for event in events:
        if as_json:
            typer.echo(json.dumps(event.model_dump(mode="json"), sort_keys=True))
        else:
            typer.echo(
                f"{event.at:%Y-%m-%d %H:%M:%S}Z\t{event.actor_name}\t{event.action.value}\t"
                f"{event.target or '-'}\t{event.outcome}\t{event.client_address or '-'}"
            )


@audit_app.command("purge")
def purge_events(
    days: Annotated[
        int | None, typer.Option(min=1, help="Older than this [GRIDLENS_AUDIT_RETENTION_DAYS]")
    ] = None,
) -> None:
    """Delete events older than the retention period (the only way events are removed)."""
    from gridlens.audit.retention import purge
    from gridlens.settings import get_settings

    url = _db()
    days = days or get_settings().audit_retention_days
    if days is None:
        typer.echo("error: give --days or set GRIDLENS_AUDIT_RETENTION_DAYS", err=True)
        raise typer.Exit(2)
    typer.echo(f"purged {purge(url, days)} audit events older than {days} days")
