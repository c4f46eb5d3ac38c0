"""Single sign-on routes: which sign-in methods exist, and the OpenID Connect round trip."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError

from gridlens.api.actors import actor
from gridlens.api.deps import SettingsDep
from gridlens.api.problems import documented
from gridlens.api.routers.auth import set_session_cookie
from gridlens.auth import oidc
from gridlens.auth.errors import Forbidden
from gridlens.auth.schemas import OidcProvider, SignInMethods
from gridlens.db.engine import session_scope
from gridlens.settings import Settings

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
FLOW_PATH = "/api/v1/auth/oidc"
# Read once by the web UI's sign-in page (so not HttpOnly), then deleted there.
SSO_ERROR_COOKIE = "gridlens_sso_error"
NOT_CONFIGURED = documented({403: "Single sign-on is not configured"})


@router.get("/providers", response_model=SignInMethods)
def sign_in_methods(settings: SettingsDep) -> SignInMethods:
    """How one may sign in here (public: the sign-in page shows the matching buttons)."""
    provider = None
    if settings.oidc_enabled:
        provider = OidcProvider(name=settings.oidc_provider_name, login_url=f"{FLOW_PATH}/login")
    return SignInMethods(password=settings.password_sign_in, oidc=provider)


def _configured(settings: Settings) -> None:
    if not settings.oidc_enabled:
        raise Forbidden(
            "single sign-on is not configured (GRIDLENS_OIDC_ISSUER, GRIDLENS_OIDC_CLIENT_ID)"
        )


def _callback_url(request: Request, settings: Settings) -> str:
    """Where the provider sends people back: under GRIDLENS_PUBLIC_URL when it is set."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + f"{FLOW_PATH}/callback"
    return str(request.url_for("oidc_callback"))


def _to_ui(request: Request, settings: Settings, error: str | None = None) -> RedirectResponse:
    """Back to the web UI, which shows error (if any) on its sign-in page.

    The reason travels in a short-lived cookie, not the URL: text taken from a URL could be put
    there by anyone who sends a link, and the sign-in page would show it as ours.
    """
    answer = RedirectResponse("/", status_code=303)
    if error:
        answer.set_cookie(
            SSO_ERROR_COOKIE,
            quote(error[:500], safe=""),
            max_age=60,
            path="/",
            samesite="lax",
            secure=_secure(request, settings),
        )
    return answer


def _secure(request: Request, settings: Settings) -> bool:
    return request.url.scheme == "https" or settings.env == "production"


@router.get("/oidc/login", status_code=303, responses=NOT_CONFIGURED)
def oidc_login(request: Request, settings: SettingsDep) -> RedirectResponse:
    """Start signing in with the OpenID Connect provider: a redirect to it."""
    _configured(settings)
    try:
        url, flow = oidc.start(settings, _callback_url(request, settings))
    except oidc.SignInRefused as error:
        return _to_ui(request, settings, str(error))
    answer = RedirectResponse(url, status_code=303)
    # Lax, not strict: the provider sends the browser back here from another site.
    answer.set_cookie(
        oidc.FLOW_COOKIE,
        flow,
        max_age=oidc.FLOW_SECONDS,
        path=FLOW_PATH,
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings),
    )
    return answer


@router.get("/oidc/callback", status_code=303, responses=NOT_CONFIGURED)
def oidc_callback(
    request: Request,
    settings: SettingsDep,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
    error_description: Annotated[str | None, Query(max_length=1024)] = None,
) -> RedirectResponse:
    """Where the provider sends the browser back: signed in with a session cookie, or refused;
    either way a redirect to the web UI, which shows why a sign-in was refused."""
    _configured(settings)
    by = actor(request, name="sso")
    try:
        flow = oidc.read_flow(settings, request.cookies.get(oidc.FLOW_COOKIE))
        if state is None or state != flow.state:
            raise oidc.SignInRefused("the sign-in's state does not match (a forged or stale link?)")
        if error is not None:
            described = f": {error_description}" if error_description else ""
            raise oidc.SignInRefused(f"the provider refused the sign-in ({error}{described})")
        if not code:
            raise oidc.SignInRefused("the provider sent no authorization code")
        try:
            with session_scope(settings.database_url) as session:
                callback = _callback_url(request, settings)
                user = oidc.finish(session, settings, code, flow, callback, by)
                answer = _to_ui(request, settings)
                set_session_cookie(request, answer, settings, user)
        except IntegrityError as clash:
            # Two first sign-ins of one person at once: the unique (issuer, subject) kept one.
            raise oidc.SignInRefused(
                "this person's first sign-in was being recorded at the same moment; try again"
            ) from clash
    except oidc.SignInRefused as refused:
        # Recorded (and committed) on its own: the refused sign-in changed nothing else.
        with session_scope(settings.database_url) as session:
            oidc.refused(session, by, refused)
        answer = _to_ui(request, settings, str(refused))
    # The flow is used once, whatever happened.
    answer.delete_cookie(oidc.FLOW_COOKIE, path=FLOW_PATH, httponly=True, samesite="lax")
    return answer
