"""Users in the database: add, update, disable, list, and check a password."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.auth.errors import UserError
from gridlens.auth.passwords import burn_verify_time, hash_password, verify_password
from gridlens.db.engine import session_scope
from gridlens.db.tables import User
from gridlens.settings import Settings

ROLES = ("viewer", "admin")
MIN_PASSWORD = 12
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def find(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def _check(username: str, password: str, role: str) -> None:
    if not _NAME.match(username):
        raise UserError("a username is 1-64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def add(session: Session, username: str, password: str, role: str) -> User:
    _check(username, password, role)
    if find(session, username) is not None:
        raise UserError(f"user {username!r} exists already")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def upsert(session: Session, username: str, password: str, role: str) -> User:
    """Create the user, or reset its password and role and enable it (GRIDLENS_ADMIN_USER)."""
    _check(username, password, role)
    user = find(session, username)
    if user is None:
        return add(session, username, password, role)
    if not verify_password(password, user.password_hash):
        user.password_hash = hash_password(password)
    user.role, user.disabled = role, False
    return user


def set_disabled(session: Session, username: str, disabled: bool = True) -> User:
    user = find(session, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    user.disabled = disabled
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with that password, else None (same time either way)."""
    user = find(session, username)
    if user is None:
        burn_verify_time(password)
        return None
    if not verify_password(password, user.password_hash) or user.disabled:
        return None
    return user


def ensure_admin(settings: Settings) -> str | None:
    """GRIDLENS_ADMIN_USER/PASSWORD made true; else, with no admin at all, one with a random
    password, which is returned so it can be shown once."""
    with session_scope(settings.database_url) as session:
        if settings.admin_user and settings.admin_password:
            upsert(session, settings.admin_user, settings.admin_password, "admin")
            return None
        if session.scalars(select(User).where(User.role == "admin")).first() is not None:
            return None
        password = secrets.token_urlsafe(18)
        add(session, settings.admin_user or "admin", password, "admin")
        return password
