"""`gridlens users …` and `gridlens tokens …`: manage who may use the API, from a shell."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer
from sqlalchemy import select

from gridlens.audit.events import Actor
from gridlens.auth import api_tokens, users
from gridlens.auth.errors import UserError
from gridlens.db.engine import session_scope
from gridlens.db.tables import User
from gridlens.settings import Settings, get_settings

users_app = typer.Typer(help="Users and their roles (viewer, admin).")
tokens_app = typer.Typer(help="Personal API tokens.")
CLI = Actor("cli")  # changes made from a shell, by whoever can reach the database


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(error: UserError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(1)


def _db() -> str:
    from gridlens.cli import prepare

    settings = get_settings()
    prepare(settings)
    return settings.database_url


@users_app.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option(help="viewer or admin")] = "viewer",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin")] = False,
) -> None:
    """Add a user."""
    url = _db()
    try:
        with session_scope(url) as session:
            users.add(session, username, _password(password_stdin), role, CLI)
    except UserError as error:
        raise _fail(error) from error
    typer.echo(f"added {username} ({role})")


@users_app.command("passwd")
def passwd(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from stdin")] = False,
) -> None:
    """Set a user's password."""
    url = _db()
    try:
        with session_scope(url) as session:
            user = users.find(session, username)
            if user is None:
                raise UserError(f"no user {username!r}")
            users.upsert(session, username, _password(password_stdin), user.role, CLI)
    except UserError as error:
        raise _fail(error) from error
    typer.echo(f"password of {username} set")


@users_app.command("list")
def list_users() -> None:
    """List users."""
    with session_scope(_db()) as session:
        for user in users.all_users(session):
            state = "disabled" if user.disabled else "active"
            typer.echo(f"{user.username}\t{user.role}\t{state}")


@users_app.command("disable")
def disable(username: str) -> None:
    """Disable a user: their tokens stop working at once."""
    try:
        with session_scope(_db()) as session:
            users.set_disabled(session, username, True, CLI)
    except UserError as error:
        raise _fail(error) from error
    typer.echo(f"disabled {username}")


def ensure_admin(settings: Settings) -> str | None:
    """GRIDLENS_ADMIN_USER/PASSWORD made true; else, with no admin at all, one with a random
    password, which is returned so it can be shown once."""
    with session_scope(settings.database_url) as session:
        if settings.admin_user and settings.admin_password:
            users.upsert(session, settings.admin_user, settings.admin_password, "admin")
            return None
        if session.scalars(select(User).where(User.role == "admin")).first() is not None:
            return None
        password = secrets.token_urlsafe(18)
        users.add(session, settings.admin_user or "admin", password, "admin")
        return password


@users_app.command("bootstrap-admin")
def bootstrap_admin() -> None:
    """Make sure an admin exists (from GRIDLENS_ADMIN_USER/PASSWORD, or a new random one)."""
    settings = get_settings()
    _db()
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
    try:
        with session_scope(_db()) as session:
            user = users.find(session, username)
            if user is None:
                raise UserError(f"no user {username!r}")
            token, secret = api_tokens.create(session, user, name, days, CLI)
            token_id = token.id
    except UserError as error:
        raise _fail(error) from error
    typer.echo(f"token {token_id} for {username}: {secret}")


@tokens_app.command("list")
def list_tokens(username: str) -> None:
    """List a user's API tokens (never their secrets)."""
    with session_scope(_db()) as session:
        user = users.find(session, username)
        for token in api_tokens.owned(session, user) if user else []:
            state = "revoked" if token.revoked_at else "active"
            typer.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}\t{token.expires_at}")


@tokens_app.command("revoke")
def revoke_token(username: str, token_id: int) -> None:
    """Revoke one of a user's API tokens."""
    try:
        with session_scope(_db()) as session:
            user = users.find(session, username)
            if user is None:
                raise UserError(f"no user {username!r}")
            api_tokens.revoke(session, user, token_id, CLI)
    except UserError as error:
        raise _fail(error) from error
    typer.echo(f"revoked token {token_id}")
