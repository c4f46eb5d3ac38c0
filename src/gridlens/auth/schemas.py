"""What the auth endpoints take and answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

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


# What str.strip() removes (str.isspace), spelled out: regex engines disagree on `\s` (Rust's and
# ECMA's leave out \x1c-\x1f, which Python strips), and a client's must read the pattern as we do.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def _not_blank(name: str) -> str:
    if not name.strip():
        raise ValueError("a token's name needs a character other than spaces")
    return name


TokenName = Annotated[
    str,
    Field(min_length=1, max_length=128, json_schema_extra={"pattern": f"[^{WHITESPACE}]"}),
    AfterValidator(_not_blank),
]


class ApiTokenIn(BaseModel):
    name: TokenName
    # strict: JSON's true or "30" are not a number of days (the schema says integer; pydantic's
    # lax mode would take them as 1 and 30, and Schemathesis rightly called that a violation).
    expires_in_days: int | None = Field(default=None, ge=1, le=3650, strict=True)


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
