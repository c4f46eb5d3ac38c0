"""`gridlens users …` and `gridlens tokens …`: manage who may use the API, from a shell.

The database side is imported inside each command, so `gridlens --help` starts without it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from gridlens.auth.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from gridlens.audit.events import Actor

users_app = typer.Typer(help="Users and their roles (viewer, admin).")
tokens_app = typer.Typer(help="Personal API tokens.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(error: UserError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(1)


def _cli() -> Actor:
    """Changes made from a shell, by whoever can reach the database (the audit trail's actor)."""
    from gridlens.audit.events import Actor

    return Actor("cli")


@contextmanager
def _session() -> Iterator[Session]:
    """A session on the prepared database, committed at the end; a UserError exits 1."""
    from gridlens.db.engine import session_scope
    from gridlens.preflight import prepare
    from gridlens.settings import get_settings

    settings = get_settings()
    prepare(settings)
    try:
        with session_scope(settings.database_url) as session:
            yield session
    except UserError as error:
        raise _fail(error) from error


@users_app.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option(help="viewer or admin")] = "viewer",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin")] = False,
) -> None:
    """Add a user."""
    from gridlens.auth import users

    with _session() as session:
        users.add(session, username, _password(password_stdin), role, _cli())
    typer.echo(f"added {username} ({role})")


@users_app.command("passwd")
def passwd(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin")] = False,
) -> None:
    """Set a user's password."""
    from gridlens.auth import users

    with _session() as session:
        user = users.find(session, username)
        if user is None:
            raise UserError(f"no user {username!r}")
        users.upsert(session, username, _password(password_stdin), user.role, _cli())
    typer.echo(f"password of {username} set")


@users_app.command("list")
def list_users() -> None:
    """List users."""
    from gridlens.auth import users

    with _session() as session:
        for user in users.all_users(session):
            state = "disabled" if user.disabled else "active"
            typer.echo(f"{user.username}\t{user.role}\t{state}")


@users_app.command("disable")
def disable(username: str) -> None:
    """Disable a user: their tokens stop working at once."""
    from gridlens.auth import users

    with _session() as session:
        users.set_disabled(session, username, True, _cli())
    typer.echo(f"disabled {username}")


@users_app.command("bootstrap-admin")
def bootstrap_admin() -> None:
    """Make sure an admin exists (from GRIDLENS_ADMIN_USER/PASSWORD, or a new random one)."""
    from gridlens.auth.users import ensure_admin
    from gridlens.preflight import prepare
    from gridlens.settings import get_settings

    settings = get_settings()
    prepare(settings)
    password = ensure_admin(settings)
    if password is None:
        if settings.admin_user and settings.admin_password:
            typer.echo(f"admin user {settings.admin_user!r} set from GRIDLENS_ADMIN_USER/PASSWORD")
        else:
            typer.echo("an admin user exists (reset a password with `gridlens users passwd NAME`)")
        return
    name = settings.admin_user or "admin"
    typer.echo(
        f"\n  created admin user {name!r} with password: {password}\n"
        f"  (shown once; change it with `gridlens users passwd {name}`)\n"
    )


@tokens_app.command("create")
def create_token(
    username: str,
    name: str,
    days: Annotated[int | None, typer.Option(help="Expire after this many days")] = None,
) -> None:
    """Create a personal API token for a user; the secret is printed once."""
    from gridlens.auth import api_tokens, users

    with _session() as session:
        user = users.find(session, username)
        if user is None:
            raise UserError(f"no user {username!r}")
        token, secret = api_tokens.create(session, user, name, days, _cli())
        token_id = token.id
    typer.echo(f"token {token_id} for {username}: {secret}")


@tokens_app.command("list")
def list_tokens(username: str) -> None:
    """List a user's API tokens (never their secrets)."""
    from gridlens.auth import api_tokens, users

    with _session() as session:
        user = users.find(session, username)
        for token in api_tokens.owned(session, user) if user else []:
            state = "revoked" if token.revoked_at else "active"
            typer.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}\t{token.expires_at}")


@tokens_app.command("revoke")
def revoke_token(username: str, token_id: int) -> None:
    """Revoke one of a user's API tokens."""
    from gridlens.auth import api_tokens, users

    with _session() as session:
        user = users.find(session, username)
        if user is None:
            raise UserError(f"no user {username!r}")
        api_tokens.revoke(session, user, token_id, _cli())
    typer.echo(f"revoked token {token_id}")
