"""Authentication failures a client can act on; the API maps each to one status."""

from __future__ import annotations


class NotAuthenticated(Exception):
    """No usable credentials: missing, malformed, forged, expired, revoked, or a disabled user."""


class Forbidden(Exception):
    """Authenticated, but the role does not allow this."""


class RateLimited(Exception):
    """Too many attempts; retry_after_s says when to try again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UserError(Exception):
    """A user or token request that cannot be done as asked (name taken, no such user...)."""


class TokenNotFound(UserError):
    """No API token with that id belongs to the caller."""


class LastAdmin(UserError):
    """The change would leave no active admin."""
