"""Single sign-on with an OpenID Connect provider: authorization code flow with PKCE.

Authlib makes the secrets and the PKCE challenge; its JOSE library (joserfc) checks the ID token
against the keys the provider's discovery document points to. State, nonce and the PKCE verifier
travel in a short-lived cookie signed with the JWT secret, so any worker can finish a sign-in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt as pyjwt
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.orm import Session

from gridlens.audit.events import Action, Actor, Outcome, record
from gridlens.auth.oidc_documents import (
    HTTP_TIMEOUT,
    ProviderUnreadable,
    discovery,
    names_unknown_key,
    signing_keys,
)
from gridlens.db.tables import User
from gridlens.settings import Settings

FLOW_COOKIE = "gridlens_oidc"
# Its own audience: a session token (same secret) is never taken for a flow, nor a flow for one.
FLOW_AUDIENCE = "gridlens-oidc-flow"
FLOW_SECONDS = 600  # time to sign in at the provider
LEEWAY_SECONDS = 60  # clock skew allowed between us and the provider
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class SignInRefused(Exception):
    """A single sign-on that must not sign anyone in; the message is shown to the person."""

    def __init__(self, message: str, who: str | None = None) -> None:
        super().__init__(message)
        self.who = who


@dataclass(frozen=True)
class Flow:
    """What the callback checks: kept from the redirect to the provider until the way back."""

    state: str
    nonce: str
    verifier: str


def discover(settings: Settings) -> dict[str, Any]:
    """The provider's discovery document (kept a few minutes), naming exactly our issuer."""
    try:
        return discovery(settings.oidc_issuer or "")
    except ProviderUnreadable as error:
        raise SignInRefused(str(error)) from error


def _keys(metadata: dict[str, Any], id_token: str) -> KeySet:
    """The keys to check id_token with: those kept, or fetched anew if it names another key."""
    try:
        keys = signing_keys(metadata["jwks_uri"])
        kid = jws.extract_compact(id_token.encode()).protected.get("kid")
        if names_unknown_key(keys, kid):
            keys = signing_keys(metadata["jwks_uri"], fresh=True)
    except ProviderUnreadable as error:
        raise SignInRefused(str(error)) from error
    except JoseError as error:
        raise SignInRefused(f"the ID token is not a signed token: {error}") from error
    return keys


def start(settings: Settings, redirect_uri: str) -> tuple[str, str]:
    """The provider's authorization URL, and the signed flow cookie's value."""
    metadata = discover(settings)
    flow = Flow(state=generate_token(32), nonce=generate_token(32), verifier=generate_token(64))
    query = {
        "response_type": "code",
        "client_id": settings.oidc_client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid email profile",
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": create_s256_code_challenge(flow.verifier),
        "code_challenge_method": "S256",
    }
    cookie = pyjwt.encode(
        {**flow.__dict__, "aud": FLOW_AUDIENCE, "exp": int(time.time()) + FLOW_SECONDS},
        settings.jwt_secret,
        algorithm="HS256",
    )
    return f"{metadata['authorization_endpoint']}?{urlencode(query)}", cookie


def read_flow(settings: Settings, cookie: str | None) -> Flow:
    if not cookie:
        raise SignInRefused("no sign-in was started in this browser, or it took over 10 minutes")
    try:
        fields = pyjwt.decode(
            cookie,
            settings.jwt_secret,
            algorithms=["HS256"],
            audience=FLOW_AUDIENCE,
            options={"require": ["exp", "aud", "state", "nonce", "verifier"]},
        )
    except pyjwt.ExpiredSignatureError as error:
        raise SignInRefused("the sign-in took over 10 minutes; start again") from error
    except pyjwt.InvalidTokenError as error:
        raise SignInRefused("the sign-in cookie is not one this server made") from error
    return Flow(state=fields["state"], nonce=fields["nonce"], verifier=fields["verifier"])


def _exchange(settings: Settings, metadata: dict[str, Any], code: str, flow: Flow, uri: str) -> str:
    """The ID token the provider gives for the code (which it must accept only once)."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": uri,
        "code_verifier": flow.verifier,
        "client_id": settings.oidc_client_id or "",
    }
    auth = (settings.oidc_client_id or "", settings.oidc_client_secret or "")
    try:
        answer = httpx.post(
            metadata["token_endpoint"],
            data=form,
            auth=auth if settings.oidc_client_secret else None,
            timeout=HTTP_TIMEOUT,
        )
        body = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInRefused(f"the provider's token endpoint did not answer: {error}") from error
    if answer.status_code != 200 or not isinstance(body, dict):
        code_error = body.get("error") if isinstance(body, dict) else None
        described = body.get("error_description") if isinstance(body, dict) else None
        raise SignInRefused(
            f"the provider refused the authorization code ({code_error or answer.status_code}"
            f"{': ' + described if described else ''}); it may have been used already"
        )
    if not isinstance(body.get("id_token"), str):
        raise SignInRefused("the provider's token answer holds no ID token")
    return str(body["id_token"])


def verify_id_token(
    settings: Settings, metadata: dict[str, Any], id_token: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, times and nonce hold."""
    try:
        token = jwt.decode(id_token, _keys(metadata, id_token), algorithms=ID_TOKEN_ALGORITHMS)
    except JoseError as error:
        raise SignInRefused(f"the ID token's signature does not verify: {error}") from error
    claims = dict(token.claims)
    client_id = settings.oidc_client_id
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": metadata["issuer"]},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise SignInRefused("the ID token has expired", claims.get("sub")) from error
    except JoseError as error:
        raise SignInRefused(f"the ID token is not valid: {error}", claims.get("sub")) from error
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != client_id):
        raise SignInRefused(
            f"the ID token is for another application (audience {audience!r}, not {client_id!r})",
            claims.get("sub"),
        )
    if claims.get("nonce") != nonce:
        raise SignInRefused(
            "the ID token's nonce is not the one this sign-in sent (a replayed token?)",
            claims.get("sub"),
        )
    return claims


def _email_allowed(settings: Settings, claims: dict[str, Any]) -> str | None:
    email = claims.get("email")
    email = email if isinstance(email, str) and "@" in email else None
    if claims.get("email_verified") is False:
        email = None  # an address the provider has not checked proves nothing
    allowed = {domain.lower().lstrip("@") for domain in settings.oidc_allowed_domains}
    if allowed:
        domain = email.rsplit("@", 1)[1].lower() if email else None
        if domain not in allowed:
            raise SignInRefused(
                f"the e-mail {email or '(none verified)'} is not in a domain allowed to sign in "
                f"({', '.join(sorted(allowed))})",
                email or claims.get("sub"),
            )
    return email


def _username(session: Session, claims: dict[str, Any], email: str | None) -> str:
    """A new user's name: their e-mail (or the provider's name for them), never someone else's."""
    wanted = email or claims.get("preferred_username") or f"sso-{claims['sub']}"
    name = str(wanted)[:64]
    if session.scalars(select(User).where(User.username == name)).first() is not None:
        # Never merge with an existing account on a name or e-mail: that would hand it over.
        raise SignInRefused(
            f"a user named {name} already exists here; an admin must rename or remove it "
            "before this person can sign in with single sign-on",
            name,
        )
    return name


def finish(
    session: Session, settings: Settings, code: str, flow: Flow, redirect_uri: str, by: Actor
) -> User:
    """The user the provider signed in (created on first sign-in); audited in session."""
    metadata = discover(settings)
    id_token = _exchange(settings, metadata, code, flow, redirect_uri)
    claims = verify_id_token(settings, metadata, id_token, flow.nonce)
    email = _email_allowed(settings, claims)
    issuer, subject = str(metadata["issuer"]), str(claims["sub"])
    user = session.scalars(
        select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    ).first()
    if user is None:
        user = User(
            username=_username(session, claims, email),
            password_hash="",  # never checked: users.authenticate refuses SSO users' passwords
            role=settings.oidc_default_role,
            disabled=False,
            oidc_issuer=issuer,
            oidc_subject=subject,
            email=email,
        )
        session.add(user)
        session.flush()
        record(
            session,
            Actor(user.username, user.id, by.client_address, by.request_id),
            Action.USER_ADDED,
            user.username,
            detail={"role": user.role, "method": "oidc"},
        )
    elif user.disabled:
        raise SignInRefused(f"the user {user.username} is disabled", user.username)
    user.email = email or user.email
    user.last_sign_in_at = datetime.now(UTC)
    signed_in = Actor(user.username, user.id, by.client_address, by.request_id)
    record(session, signed_in, Action.SIGN_IN, user.username, detail={"method": "oidc"})
    return user


def refused(session: Session, by: Actor, error: SignInRefused) -> None:
    """A refused single sign-on in the audit trail: who it was (when known), and why."""
    who = Actor(error.who or by.name, None, by.client_address, by.request_id)
    record(
        session,
        who,
        Action.SIGN_IN,
        error.who,
        Outcome.FAILURE,
        {"method": "oidc", "reason": str(error)[:500]},
    )
