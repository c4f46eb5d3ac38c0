"""FastAPI dependencies that guard routes: who is calling, and may they."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from gridlens.auth import api_tokens, jwt_tokens
from gridlens.auth.errors import Forbidden, NotAuthenticated, RateLimited
from gridlens.auth.ratelimit import Limiter, make_limiter
from gridlens.auth.users import find
from gridlens.db.engine import new_session
from gridlens.settings import Settings

SESSION_COOKIE = "gridlens_session"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# The two ways /docs offers to "Authorize"; both send the same 'Authorization: Bearer' header.
oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
api_token_scheme = HTTPBearer(
    scheme_name="ApiToken",
    bearerFormat="glp_...",
    description="A personal API token (glp_..., from POST /api/v1/auth/api-tokens).",
    auto_error=False,
)


async def bearer_token(
    from_password_flow: Annotated[str | None, Depends(oauth2)],
    from_api_token: Annotated[HTTPAuthorizationCredentials | None, Depends(api_token_scheme)],
) -> str | None:
    """The Bearer token, whichever scheme documented it (they read the one header). Async: a plain
    function dependency would cost every request a hop to the thread pool."""
    return from_password_flow or (from_api_token.credentials if from_api_token else None)


@dataclass(frozen=True)
class Principal:
    """The caller: a user, how they proved it, and which API token if one."""

    user_id: int
    username: str
    role: str
    via: str  # "jwt", "session" or "api_token"
    token_id: int | None = None


def limiter(request: Request) -> Limiter:
    state = request.app.state
    if getattr(state, "limiter", None) is None:
        state.limiter = make_limiter(state.settings.redis_url)
    found: Limiter = state.limiter
    return found


def _token(request: Request, bearer: str | None) -> tuple[str, str]:
    if bearer:
        return bearer, "jwt"
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if request.method in UNSAFE:
            _same_origin(request)
        return cookie, "session"
    raise NotAuthenticated("sign in: send 'Authorization: Bearer <token>'")


def _same_origin(request: Request) -> None:
    # A cookie rides along on cross-site requests; a changing request must come from our own pages.
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("cross-site request refused")


def find_principal(session: Session, settings: Settings, token: str, via: str) -> Principal:
    if api_tokens.is_api_token(token):
        user, api_token = api_tokens.user_for(session, token)
        return Principal(user.id, user.username, user.role, "api_token", api_token.id)
    claims = jwt_tokens.verify(token, settings.jwt_secret)
    found = find(session, claims.username)
    if found is None or found.disabled:
        raise NotAuthenticated("this user is disabled or no longer exists")
    return Principal(found.id, found.username, found.role, via)


def current_principal(
    request: Request, bearer: Annotated[str | None, Depends(bearer_token)]
) -> Principal:
    """The authenticated caller, within its per-minute request budget."""
    settings: Settings = request.app.state.settings
    token, via = _token(request, bearer)
    with new_session(settings.database_url) as session:
        principal = find_principal(session, settings, token, via)
    key = f"api:{principal.token_id}" if principal.token_id else f"api:user:{principal.user_id}"
    retry_after = limiter(request).hit(key, settings.api_rate_per_minute, 60)
    if retry_after is not None:
        raise RateLimited(
            f"more than {settings.api_rate_per_minute} requests a minute; slow down", retry_after
        )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_admin(principal: CurrentPrincipal) -> Principal:
    if principal.role != "admin":
        raise Forbidden("this needs the admin role")
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]


def session_principal(request: Request, settings: Settings) -> Principal | None:
    """Whoever the session cookie still names, if anyone (signing out needs no valid session)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    with new_session(settings.database_url) as session:
        try:
            return find_principal(session, settings, cookie, "session")
        except NotAuthenticated:
            return None
