"""Users in the database: add, change, disable, list, check a password; each change audited."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridlens.audit.events import SYSTEM_ACTOR, Action, Actor, Outcome, record
from gridlens.auth.errors import LastAdmin, UserError
from gridlens.auth.passwords import burn_verify_time, hash_password, verify_password
from gridlens.db.engine import session_scope
from gridlens.db.tables import User
from gridlens.settings import Settings

ROLES = ("viewer", "admin")
MIN_PASSWORD = 12
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def find(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def get(session: Session, username: str) -> User:
    user = find(session, username)
    if user is None:
        raise UserError(f"no user {username!r}; GET /api/v1/users lists them")
    return user


def _check(username: str, password: str, role: str) -> None:
    if not _NAME.match(username):
        raise UserError("a username is 1-64 letters, digits or _ . @ -")
    _check_role(role)
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")


def add(
    session: Session, username: str, password: str, role: str, by: Actor = SYSTEM_ACTOR
) -> User:
    _check(username, password, role)
    if find(session, username) is not None:
        raise UserError(f"user {username!r} exists already")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    record(session, by, Action.USER_ADDED, username, detail={"role": role})
    return user


def upsert(
    session: Session, username: str, password: str, role: str, by: Actor = SYSTEM_ACTOR
) -> User:
    """Create the user, or reset its password and role and enable it (GRIDLENS_ADMIN_USER)."""
    _check(username, password, role)
    user = find(session, username)
    if user is None:
        return add(session, username, password, role, by)
    if not verify_password(password, user.password_hash):
        user.password_hash = hash_password(password)
        record(session, by, Action.USER_PASSWORD_RESET, username)
    if user.role != role:
        record(
            session, by, Action.USER_ROLE_CHANGED, username, detail={"from": user.role, "to": role}
        )
    if user.disabled:
        record(session, by, Action.USER_ENABLED, username)
    user.role, user.disabled = role, False
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse to leave no active admin: nobody could manage users from the UI again."""
    if user.role != "admin" or user.disabled:
        return
    # Lock the active admins (PostgreSQL) so two admins cannot demote each other at once.
    admins = session.scalars(
        select(User.id).where(User.role == "admin", User.disabled.is_(False)).with_for_update()
    ).all()
    if len(admins) <= 1:
        raise LastAdmin(
            f"{user.username!r} is the last active admin; make another user admin first"
        )


def set_role(session: Session, username: str, role: str, by: Actor = SYSTEM_ACTOR) -> User:
    _check_role(role)
    user = get(session, username)
    if user.role == role:
        return user
    if role != "admin":
        _keep_an_admin(session, user)
    record(session, by, Action.USER_ROLE_CHANGED, username, detail={"from": user.role, "to": role})
    user.role = role
    return user


def set_disabled(
    session: Session, username: str, disabled: bool = True, by: Actor = SYSTEM_ACTOR
) -> User:
    user = get(session, username)
    if user.disabled == disabled:
        return user
    if disabled:
        _keep_an_admin(session, user)
    record(session, by, Action.USER_DISABLED if disabled else Action.USER_ENABLED, username)
    user.disabled = disabled
    return user


def reset_password(session: Session, username: str, by: Actor = SYSTEM_ACTOR) -> str:
    """A new random password for the user, returned once; the old one stops working."""
    user = get(session, username)
    password = secrets.token_urlsafe(18)
    user.password_hash = hash_password(password)
    record(session, by, Action.USER_PASSWORD_RESET, username)
    return password


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def active_admins(session: Session) -> int:
    query = select(func.count()).where(User.role == "admin", User.disabled.is_(False))
    return int(session.scalar(query) or 0)


def authenticate(session: Session, username: str, password: str, by: Actor) -> User | None:
    """The enabled user with that password, else None (same time either way); audited."""
    user = find(session, username)
    if user is None:
        burn_verify_time(password)
    elif user.oidc_subject is not None:
        burn_verify_time(password)  # single sign-on users have no password
    elif verify_password(password, user.password_hash) and not user.disabled:
        user.last_sign_in_at = datetime.now(UTC)
        signed_in = Actor(user.username, user.id, by.client_address, by.request_id)
        record(session, signed_in, Action.SIGN_IN, username, detail={"method": "password"})
        return user
    # The name tried is kept (it is how guessing shows up); the password never is.
    failed = Actor(by.name, user.id if user else None, by.client_address, by.request_id)
    record(session, failed, Action.SIGN_IN, username, Outcome.FAILURE, {"method": "password"})
    return None


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
