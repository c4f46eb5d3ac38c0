"""Short-lived access tokens: JWTs signed HS256 with GRIDLENS_JWT_SECRET, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from gridlens.auth.errors import NotAuthenticated

ISSUER = "gridlens"
AUDIENCE = "gridlens-api"
ALGORITHM = "HS256"
REQUIRED = ["sub", "role", "iat", "exp", "iss", "aud"]


@dataclass(frozen=True)
class Claims:
    username: str
    role: str


def issue(username: str, role: str, secret: str, minutes: int) -> tuple[str, int]:
    """A signed token and its lifetime in seconds."""
    now = datetime.now(UTC)
    payload = {
        "sub": username,
        "role": role,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), minutes * 60


def verify(token: str, secret: str) -> Claims:
    """The claims of a valid token; NotAuthenticated for any flaw (algorithm pinned to HS256)."""
    try:
        payload = jwt.decode(
            token,
            secret,
            # Never the token's own alg header: no "none", no key-type confusion.
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": REQUIRED},
        )
    except jwt.ExpiredSignatureError as error:
        raise NotAuthenticated("the token has expired; sign in again") from error
    except jwt.InvalidTokenError as error:
        raise NotAuthenticated(f"the token is not valid ({error})") from error
    return Claims(username=str(payload["sub"]), role=str(payload["role"]))
