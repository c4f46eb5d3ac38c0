"""What every command that touches the database does first: logging on, the schema current."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from gridlens.settings import Settings


def prepare(settings: Settings) -> None:
    """Logging on; the embedded SQLite default migrated (PostgreSQL: `gridlens db upgrade`)."""
    from gridlens.db import schema_version
    from gridlens.logs import configure_logging

    configure_logging(settings)
    if schema_version.is_current(settings.database_url):
        return  # the common case, known without loading Alembic
    from gridlens.db import migrate

    if settings.is_sqlite:
        migrate.upgrade(settings.database_url)
        return
    current = migrate.current_revision(settings.database_url)
    head = migrate.head_revision(settings.database_url)
    if current != head:
        typer.echo(
            f"error: the database is at schema {current or 'none'}, this gridlens needs {head}: "
            "run `gridlens db upgrade` first",
            err=True,
        )
        raise typer.Exit(2)
