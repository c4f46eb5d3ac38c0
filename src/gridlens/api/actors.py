"""Who is acting in a request, as the audit trail records them."""

from __future__ import annotations

from fastapi import Request

from gridlens.audit.events import Actor
from gridlens.auth.guards import Principal


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def actor(request: Request, principal: Principal | None = None, name: str = "") -> Actor:
    """The signed-in principal, or (signing in) the name someone gave."""
    return Actor(
        name=principal.username if principal else name,
        user_id=principal.user_id if principal else None,
        client_address=client_address(request),
        request_id=getattr(request.state, "request_id", None),
    )
