"""Sign-in (OAuth2 password flow, or a session cookie for the web UI), API tokens, users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.orm import Session

from gridlens.api.actors import actor, client_address
from gridlens.api.deps import SettingsDep
from gridlens.api.problems import documented
from gridlens.audit.events import Action, record
from gridlens.auth import api_tokens, jwt_tokens, users
from gridlens.auth.errors import Forbidden, NotAuthenticated, RateLimited, UserError
from gridlens.auth.guards import (
    SESSION_COOKIE,
    CurrentPrincipal,
    limiter,
    session_principal,
)
from gridlens.auth.schemas import (
    ApiTokenCreated,
    ApiTokenIn,
    ApiTokenOut,
    Me,
    SessionOut,
    TokenOut,
)
from gridlens.db.engine import session_scope
from gridlens.db.tables import User
from gridlens.settings import Settings

SIGN_IN = documented(
    {
        401: "Wrong username or password",
        403: "Password sign-in is turned off",
        429: "Too many attempts",
    }
)
SIGNED_IN = documented({401: "Missing, invalid or expired token", 429: "Request budget spent"})
router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class PasswordForm(OAuth2PasswordRequestForm):
    """OAuth2's password form as it is really checked: FastAPI takes an empty field as missing."""

    def __init__(
        self,
        *,
        # A form has no null, and FastAPI reads an empty field as the default: "" is "password".
        grant_type: Annotated[str, Form(pattern="^(password)?$")] = "password",
        username: Annotated[str, Form(min_length=1)],
        password: Annotated[str, Form(min_length=1, json_schema_extra={"format": "password"})],
        scope: Annotated[str, Form()] = "",
    ) -> None:
        # No client_id or client_secret: this API has no OAuth clients, and ignores them if sent.
        super().__init__(grant_type=grant_type, username=username, password=password, scope=scope)


LoginForm = Annotated[PasswordForm, Depends()]


def _sign_in(request: Request, settings: Settings, username: str, password: str) -> User:
    """The user behind a username and password, after the guessing limits; audited."""
    if not settings.password_sign_in:
        raise Forbidden("password sign-in is turned off here (GRIDLENS_PASSWORD_SIGN_IN)")
    client = client_address(request) or "unknown"
    for key in (f"login:ip:{client}", f"login:user:{username.lower()}"):
        retry_after = limiter(request).hit(key, settings.login_attempts_per_minute, 60)
        if retry_after is not None:
            raise RateLimited("too many sign-in attempts; wait and try again", retry_after)
    # The failure is recorded (and committed) before it is reported.
    with session_scope(settings.database_url) as session:
        user = users.authenticate(session, username, password, actor(request, name=username))
    if user is None:
        raise NotAuthenticated("wrong username or password, or the user is disabled")
    return user


@router.post("/token", response_model=TokenOut, responses=SIGN_IN)
def issue_token(request: Request, form: LoginForm, settings: SettingsDep) -> TokenOut:
    """Exchange a username and password for a bearer token (OAuth2 password flow)."""
    user = _sign_in(request, settings, form.username, form.password)
    token, expires_in = jwt_tokens.issue(
        user.username, user.role, settings.jwt_secret, settings.token_minutes
    )
    return TokenOut(access_token=token, expires_in=expires_in)


def set_session_cookie(request: Request, response: Response, settings: Settings, user: User) -> int:
    """The web UI's session: a token in an HttpOnly cookie that scripts cannot read; its life."""
    token, expires_in = jwt_tokens.issue(
        user.username, user.role, settings.jwt_secret, settings.token_minutes
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=expires_in,
        path="/api",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" or settings.env == "production",
    )
    return expires_in


@router.post("/session", response_model=SessionOut, responses=SIGN_IN)
def open_session(
    request: Request, response: Response, form: LoginForm, settings: SettingsDep
) -> SessionOut:
    """Sign in the web UI: the token goes into an HttpOnly cookie that scripts cannot read."""
    user = _sign_in(request, settings, form.username, form.password)
    expires_in = set_session_cookie(request, response, settings, user)
    return SessionOut.model_validate(
        {"username": user.username, "role": user.role, "expires_in": expires_in}
    )


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def close_session(request: Request, response: Response, settings: SettingsDep) -> None:
    """Sign out of the web UI."""
    response.delete_cookie(SESSION_COOKIE, path="/api", httponly=True, samesite="strict")
    principal = session_principal(request, settings)
    if principal is not None:
        with session_scope(settings.database_url) as session:
            record(session, actor(request, principal), Action.SIGN_OUT, principal.username)


@router.get("/me", response_model=Me, responses=SIGNED_IN)
def me(principal: CurrentPrincipal) -> Me:
    """Who the credentials belong to."""
    return Me.model_validate(
        {"username": principal.username, "role": principal.role, "via": principal.via}
    )


def _user(session: Session, principal: CurrentPrincipal) -> User:
    user = session.get(User, principal.user_id)
    if user is None:
        raise NotAuthenticated("this user no longer exists")
    return user


def _token_out(token: object) -> ApiTokenOut:
    return ApiTokenOut.model_validate(token, from_attributes=True)


@router.post(
    "/api-tokens",
    response_model=ApiTokenCreated,
    status_code=status.HTTP_201_CREATED,
    responses=SIGNED_IN,
)
def create_api_token(
    request: Request, body: ApiTokenIn, principal: CurrentPrincipal, settings: SettingsDep
) -> ApiTokenOut:
    """A personal API token for yourself; its secret is in this answer only."""
    with session_scope(settings.database_url) as session:
        owner, by = _user(session, principal), actor(request, principal)
        token, secret = api_tokens.create(session, owner, body.name, body.expires_in_days, by)
        return ApiTokenCreated(**_token_out(token).model_dump(), token=secret)


@router.get("/api-tokens", response_model=list[ApiTokenOut], responses=SIGNED_IN)
def list_api_tokens(principal: CurrentPrincipal, settings: SettingsDep) -> list[ApiTokenOut]:
    """Your API tokens (never their secrets)."""
    with session_scope(settings.database_url) as session:
        return [_token_out(t) for t in api_tokens.owned(session, _user(session, principal))]


@router.delete(
    "/api-tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**SIGNED_IN, **documented({404: "No such token of yours"})},
)
def revoke_api_token(
    request: Request,
    token_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="Token ID")],
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> None:
    """Revoke one of your API tokens; it stops working at once."""
    with session_scope(settings.database_url) as session:
        api_tokens.revoke(session, _user(session, principal), token_id, actor(request, principal))


__all__ = ["UserError", "router"]
