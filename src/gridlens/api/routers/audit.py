"""The audit trail over HTTP, for admins: read only (events are append-only)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BeforeValidator

from gridlens.api.deps import SessionDep
from gridlens.api.problems import documented
from gridlens.audit.events import Action
from gridlens.audit.queries import AuditFilter, page
from gridlens.audit.schemas import AuditPage
from gridlens.auth.guards import AdminPrincipal

router = APIRouter(
    prefix="/api/v1/audit",
    tags=["audit"],
    responses=documented(
        {
            401: "Not signed in",
            403: "Not an admin",
            422: "Invalid filter or paging",
            429: "Request budget spent",
        }
    ),
)


# RFC 3339, as `format: date-time` documents it: pydantic alone would also read `0.5` as Unix time.
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


def _rfc3339(value: object) -> object:
    if isinstance(value, str) and not _DATE_TIME.fullmatch(value):
        raise ValueError("not a date-time with its offset, e.g. 2026-12-04T18:00:00Z")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


@router.get("", summary="Audit events, newest first (admin)")
def list_audit_events(
    session: SessionDep,
    _: AdminPrincipal,
    actor: Annotated[str | None, Query(max_length=64, description="Actor name")] = None,
    action: Annotated[Action | None, Query(description="What was done")] = None,
    target: Annotated[str | None, Query(max_length=256, description="What it was done to")] = None,
    since: Annotated[Instant | None, Query(description="At or after (RFC 3339)")] = None,
    until: Annotated[Instant | None, Query(description="Before (RFC 3339)")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Events per page")] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=2**63 - 1, description="Events older than this id")
    ] = None,
) -> AuditPage:
    """A page of the audit trail; follow next_before for older events."""
    where = AuditFilter(actor, action.value if action else None, target, _utc(since), _utc(until))
    return page(session, where, limit, before)
