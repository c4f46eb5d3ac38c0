"""Personal API tokens: long-lived bearer credentials, shown once, stored as SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.audit.events import SYSTEM_ACTOR, Action, Actor, record
from gridlens.auth.errors import NotAuthenticated, TokenNotFound, UserError
from gridlens.db.tables import ApiToken, User

PREFIX = "glp_"  # lets scanners and people tell a gridlens token from a JWT at a glance


def _digest(token: str) -> str:
    # A random 256-bit token needs no slow hash: nothing to guess, so SHA-256 is enough.
    return hashlib.sha256(token.encode()).hexdigest()


def is_api_token(token: str) -> bool:
    return token.startswith(PREFIX)


def create(
    session: Session,
    user: User,
    name: str,
    expires_in_days: int | None = None,
    by: Actor = SYSTEM_ACTOR,
) -> tuple[ApiToken, str]:
    """A new token for user; the secret is returned once and never stored."""
    if not name.strip() or len(name) > 128:
        raise UserError("a token needs a name of 1-128 characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken(
        user_id=user.id,
        name=name.strip(),
        token_hash=_digest(secret),
        prefix=secret[: len(PREFIX) + 6],
        expires_at=expires,
    )
    session.add(token)
    session.flush()
    detail = {"owner": user.username, "name": token.name, "prefix": token.prefix}
    record(session, by, Action.TOKEN_CREATED, f"token:{token.id}", detail=detail)
    return token, secret


def owned(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    )


def revoke(session: Session, user: User, token_id: int, by: Actor = SYSTEM_ACTOR) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise TokenNotFound(
            f"you have no API token {token_id}; GET /api/v1/auth/api-tokens lists yours"
        )
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        detail = {"owner": user.username, "name": token.name, "prefix": token.prefix}
        record(session, by, Action.TOKEN_REVOKED, f"token:{token.id}", detail=detail)
    return token


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def user_for(session: Session, secret: str) -> tuple[User, ApiToken]:
    """The enabled user a valid, unrevoked, unexpired token belongs to."""
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(secret))).first()
    if token is None:
        raise NotAuthenticated("unknown API token")
    if token.revoked_at is not None:
        raise NotAuthenticated("this API token was revoked")
    if token.expires_at is not None and _aware(token.expires_at) <= datetime.now(UTC):
        raise NotAuthenticated("this API token has expired")
    user = session.get(User, token.user_id)
    if user is None or user.disabled:
        raise NotAuthenticated("the token's user is disabled")
    return user, token
