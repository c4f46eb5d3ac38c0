"""What the auth endpoints take and answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from gridlens.plants.schemas import UtcDateTime


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the token expires")


class Me(BaseModel):
    username: str
    role: Literal["viewer", "admin"]
    via: Literal["jwt", "session", "api_token"]


class SessionOut(BaseModel):
    username: str
    role: Literal["viewer", "admin"]
    expires_in: int


class ApiTokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class ApiTokenOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters, to recognise it")
    created_at: UtcDateTime | None
    expires_at: UtcDateTime | None
    revoked_at: UtcDateTime | None
    last_used_at: UtcDateTime | None = None


class ApiTokenCreated(ApiTokenOut):
    token: str = Field(description="The secret: shown this once, never again")


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=12, max_length=1024)
    role: Literal["viewer", "admin"] = "viewer"


class UserOut(BaseModel):
    username: str
    role: Literal["viewer", "admin"]
    disabled: bool
    created_at: UtcDateTime | None
    last_sign_in_at: UtcDateTime | None = None
    signs_in_with: Literal["password", "sso"] = Field(
        default="password", description="How the user proves who they are"
    )
    email: str | None = Field(default=None, description="From the single sign-on provider")


class RoleIn(BaseModel):
    role: Literal["viewer", "admin"]


class PasswordReset(BaseModel):
    username: str
    password: str = Field(description="The new password: shown this once, never again")


class OidcProvider(BaseModel):
    name: str = Field(description='Shown as "Sign in with {name}"')
    login_url: str = Field(description="Where the browser goes to sign in with the provider")


class SignInMethods(BaseModel):
    """How people may sign in; public, so the sign-in page can show the right buttons."""

    password: bool
    oidc: OidcProvider | None
