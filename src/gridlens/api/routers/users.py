"""Users, for admins: list, add, change role, disable and enable, reset a password; all audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, status

from gridlens.api.actors import actor
from gridlens.api.deps import SettingsDep
from gridlens.api.problems import documented
from gridlens.auth import users
from gridlens.auth.guards import AdminPrincipal
from gridlens.auth.schemas import PasswordReset, RoleIn, UserIn, UserOut
from gridlens.db.engine import session_scope
from gridlens.db.tables import User

ADMIN = documented({401: "Not signed in", 403: "Not an admin", 429: "Request budget spent"})
CHANGE = documented({409: "No such user, or it would leave no active admin"})
router = APIRouter(prefix="/api/v1/users", tags=["users"], responses=ADMIN)
Username = Annotated[str, Path(min_length=1, max_length=64, description="The username")]


def _out(user: User) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


@router.get("", response_model=list[UserOut])
def list_users(_: AdminPrincipal, settings: SettingsDep) -> list[UserOut]:
    """Every user (admin only)."""
    with session_scope(settings.database_url) as session:
        return [_out(user) for user in users.all_users(session)]


@router.post(
    "",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=documented({409: "Name taken or password too short"}),
)
def add_user(
    request: Request, body: UserIn, principal: AdminPrincipal, settings: SettingsDep
) -> UserOut:
    """Add a user (admin only)."""
    with session_scope(settings.database_url) as session:
        by = actor(request, principal)
        return _out(users.add(session, body.username, body.password, body.role, by))


@router.post("/{username}/role", response_model=UserOut, responses=CHANGE)
def change_role(
    request: Request,
    username: Username,
    body: RoleIn,
    principal: AdminPrincipal,
    settings: SettingsDep,
) -> UserOut:
    """Make a user viewer or admin (admin only); the last active admin stays admin."""
    with session_scope(settings.database_url) as session:
        return _out(users.set_role(session, username, body.role, actor(request, principal)))


@router.post("/{username}/disable", response_model=UserOut, responses=CHANGE)
def disable_user(
    request: Request, username: Username, principal: AdminPrincipal, settings: SettingsDep
) -> UserOut:
    """Disable a user (admin only): their tokens stop working at once."""
    with session_scope(settings.database_url) as session:
        return _out(users.set_disabled(session, username, True, actor(request, principal)))


@router.post("/{username}/enable", response_model=UserOut, responses=CHANGE)
def enable_user(
    request: Request, username: Username, principal: AdminPrincipal, settings: SettingsDep
) -> UserOut:
    """Enable a disabled user again (admin only)."""
    with session_scope(settings.database_url) as session:
        return _out(users.set_disabled(session, username, False, actor(request, principal)))


@router.post("/{username}/password-reset", response_model=PasswordReset, responses=CHANGE)
def reset_password(
    request: Request, username: Username, principal: AdminPrincipal, settings: SettingsDep
) -> PasswordReset:
    """Give a user a new random password, in this answer only (admin only)."""
    with session_scope(settings.database_url) as session:
        password = users.reset_password(session, username, actor(request, principal))
    return PasswordReset(username=username, password=password)
