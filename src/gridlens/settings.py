"""Every knob of gridlens, read once from GRIDLENS_* environment variables (or a .env file)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Secrets people paste from tutorials; refusing them in production is cheap insurance.
WELL_KNOWN_SECRETS = frozenset(
    {"secret", "changeme", "change-me", "changethis", "password", "development", "jwt-secret"}
)
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    """gridlens configuration; see README "Configuration" for every variable."""

    model_config = SettingsConfigDict(env_prefix="GRIDLENS_", env_file=".env", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite:///./var/gridlens.db"
    store_url: str = "./var/store"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, description="uvicorn worker processes for `serve`")
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: str = "INFO"
    max_reject_ratio: float = Field(default=0.01, ge=0, le=1)
    max_shrink_ratio: float = Field(default=0.10, ge=0, le=1)
    chunk_rows: int = Field(default=20_000, ge=100)
    upload_max_mb: int = Field(default=100, ge=1)
    poll_seconds: float | None = Field(
        default=None, gt=0, description="a worker queues new store CSVs this often"
    )
    retry_attempts: int = Field(default=5, ge=1, description="tries through store/DB outages")
    embedded_worker: bool | None = Field(
        default=None, description="run a worker inside `serve` (default: on with SQLite)"
    )
    worker_metrics_port: int | None = Field(
        default=None, description="`gridlens worker` serves Prometheus metrics on this port"
    )
    sqs_queue_url: str | None = Field(
        default=None, description="`gridlens worker` queues runs from S3 events on this queue"
    )
    events_secret: str | None = Field(
        default=None,
        min_length=MIN_SECRET_BYTES,
        description="shared secret of POST /api/v1/events/s3 (MinIO's webhook); unset: off",
    )
    jwt_secret: str = ""
    token_minutes: int = Field(default=60, ge=1)
    admin_user: str | None = None
    admin_password: str | None = None
    redis_url: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    api_rate_per_minute: int = Field(default=6000, ge=1)
    login_attempts_per_minute: int = Field(default=10, ge=1)
    web_dist: str | None = None
    audit_retention_days: int | None = Field(
        default=None, ge=1, description="audit events older than this are purged; none: kept"
    )
    # Single sign-on through an OpenID Connect provider; on when the issuer and client id are set.
    oidc_issuer: str | None = Field(
        default=None, description="the provider's issuer URL (its discovery document's issuer)"
    )
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_provider_name: str = Field(
        default="single sign-on", description='shown as "Sign in with {name}"'
    )
    oidc_allowed_domains: list[str] = Field(
        default_factory=list, description="e-mail domains that may sign in; empty: any"
    )
    oidc_default_role: Literal["viewer", "admin"] = "viewer"
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^/?#]+(/[^?#]*)?$",
        description="the address people open gridlens at (https://gridlens.example.org); single "
        "sign-on's callback is built from it, never from a request's Host header",
    )
    password_sign_in: bool = Field(default=True, description="sign in with a username and password")

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        weak = (
            not self.jwt_secret
            or len(self.jwt_secret.encode()) < MIN_SECRET_BYTES
            or self.jwt_secret.lower() in WELL_KNOWN_SECRETS
        )
        if weak and self.env == "production":
            raise ValueError(
                "GRIDLENS_JWT_SECRET must be set to a random value of at least "
                f"{MIN_SECRET_BYTES} bytes when GRIDLENS_ENV=production "
                '(e.g. python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        if self.env == "production" and self.oidc_enabled and not self.public_url:
            raise ValueError(
                "GRIDLENS_PUBLIC_URL must be set when single sign-on is on in production: the "
                "provider sends people back to it, and a request's Host header can be forged"
            )
        if not self.jwt_secret:
            # Development only: tokens stop working when the process restarts, which is fine there.
            self.jwt_secret = secrets.token_urlsafe(48)
        return self

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_embedded_worker(self) -> bool:
        return self.is_sqlite if self.embedded_worker is None else self.embedded_worker


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
