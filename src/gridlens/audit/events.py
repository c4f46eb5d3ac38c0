"""What an audit event says, and how one is appended in the caller's own transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

SYSTEM = "system"  # the actor name of the worker and of other unattended work


class Action(StrEnum):
    # Names of actions, not secrets (S105 reads "token" and "password" as credentials).
    SIGN_IN = "auth.sign_in"
    SIGN_OUT = "auth.sign_out"
    TOKEN_CREATED = "token.created"  # noqa: S105
    TOKEN_REVOKED = "token.revoked"  # noqa: S105
    USER_ADDED = "user.added"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_DISABLED = "user.disabled"
    USER_ENABLED = "user.enabled"
    USER_PASSWORD_RESET = "user.password_reset"  # noqa: S105
    FILE_UPLOADED = "file.uploaded"
    INGESTION_QUEUED = "ingestion.queued"
    INGESTION_FORCED = "ingestion.forced"
    INGESTION_REFUSED = "ingestion.refused"
    INGESTION_FINISHED = "ingestion.finished"


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"  # tried and did not work: a wrong password, a refused file
    # An ingestion's end: what the run record says.
    SUCCEEDED = "succeeded"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Actor:
    """Who acts, and from where; user_id None for the system or an unknown sign-in name."""

    name: str
    user_id: int | None = None
    client_address: str | None = None
    request_id: str | None = None


SYSTEM_ACTOR = Actor(SYSTEM)


def record(
    db: Session | Connection,
    actor: Actor,
    action: Action,
    target: str | None,
    outcome: Outcome = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event through db, so it commits or rolls back with the change it describes.

    detail holds names and values an admin may read; callers never put a secret in it.
    """
    # Imported here: the CLI names these enums at start-up, which must not load the database side.
    from sqlalchemy import insert

    from gridlens.db.tables import AuditEvent

    db.execute(
        insert(AuditEvent).values(
            at=datetime.now(UTC),
            actor_id=actor.user_id,
            actor_name=actor.name[:64],
            action=action.value,
            target=target[:256] if target else None,
            outcome=outcome.value,
            client_address=actor.client_address,
            request_id=actor.request_id,
            detail=detail or {},
        )
    )
