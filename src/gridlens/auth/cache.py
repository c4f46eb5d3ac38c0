"""Who a credential belongs to, remembered for a second, so a read costs no user lookup.

The guard (auth.guards.current_principal) looks the user up in the database on every request.
cached_principal asks it once per credential and then trusts the answer for at most TTL_S (never
past a JWT's expiry). A change to users or API tokens committed through this process drops every
entry at once; one made elsewhere (another replica, the CLI) takes effect within TTL_S. Every
request is still counted against its rate limit, and changing requests always go to the guard.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from itertools import chain
from typing import Annotated, Any

import jwt
import structlog
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from starlette.concurrency import run_in_threadpool

from gridlens.auth.api_tokens import is_api_token
from gridlens.auth.budget import SharedBudget
from gridlens.auth.errors import NotAuthenticated, RateLimited
from gridlens.auth.guards import (
    SESSION_COOKIE,
    UNSAFE,
    Principal,
    bearer_token,
    current_principal,
    find_principal,
    limiter,
)
from gridlens.auth.ratelimit import MemoryLimiter
from gridlens.db.engine import new_session
from gridlens.db.tables import ApiToken, User
from gridlens.settings import Settings

log = structlog.stdlib.get_logger("gridlens.auth")

TTL_S = 1.0
MAX_ENTRIES = 10_000
_WATCHED = (User, ApiToken)
_CHANGED = "gridlens.auth.changed"


class _Changes:
    """Counts commits in this process that touched users or API tokens."""

    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self.generation += 1


changes = _Changes()


def _note_flush(session: Session, _context: Any) -> None:
    if any(isinstance(obj, _WATCHED) for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


def _note_bulk(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in _WATCHED for mapper in state.all_mappers
    ):
        state.session.info[_CHANGED] = True


def _note_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        changes.bump()


def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)


_HOOKS = (
    ("after_flush", _note_flush),
    ("do_orm_execute", _note_bulk),
    ("after_commit", _note_commit),
    ("after_rollback", _forget),
)


def watch_user_changes() -> None:
    """Count this process's commits that touch users or tokens, so every PrincipalCache drops
    what it trusted; the app factory calls it (again is harmless)."""
    for name, hook in _HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


@dataclass(slots=True)
class _Trust:
    until: float  # on the monotonic clock
    refresh_at: float
    principal: Principal
    refreshing: bool = False


class PrincipalCache:
    """Credential -> whom it belongs to, trusted until ttl_s after the lookup that said so.

    Past half its time an entry is looked up again in the background (by the first request to
    notice), so under steady use it never expires and no request waits for the database.
    """

    def __init__(self, ttl_s: float = TTL_S, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl_s = ttl_s
        self._max_entries = max_entries
        self._entries: dict[str, _Trust] = {}
        self._generation = changes.generation
        self.tasks: set[asyncio.Task[None]] = set()  # refreshes under way, kept from the GC

    def generation(self) -> int:
        """Drops every entry when users or tokens changed; the count a lookup starts under."""
        if self._generation != changes.generation:
            self._generation = changes.generation
            self._entries = {}
        return self._generation

    def get(self, key: str) -> tuple[Principal | None, bool]:
        """The trusted principal, if any, and whether it is the caller's turn to refresh it."""
        self.generation()
        found = self._entries.get(key)
        now = time.monotonic()
        if found is None or found.until <= now:
            return None, False
        if found.refreshing or now < found.refresh_at:
            return found.principal, False
        found.refreshing = True
        return found.principal, True

    def put(
        self, key: str, credential: str, principal: Principal, generation: int, since: float
    ) -> None:
        """Trust principal for credential from the lookup that began at since (monotonic)
        unless users or tokens changed since it began."""
        if generation != self.generation():
            return
        if len(self._entries) >= self._max_entries:
            now = time.monotonic()
            self._entries = {k: v for k, v in self._entries.items() if v.until > now}
            if len(self._entries) >= self._max_entries:
                return
        until = trusted_until(credential, since + self.ttl_s)
        self._entries[key] = _Trust(until, since + self.ttl_s / 2, principal)

    def drop(self, key: str) -> None:
        self._entries.pop(key, None)


def trusted_until(credential: str, until: float) -> float:
    """until (monotonic), or sooner when the credential is a JWT that expires sooner."""
    if is_api_token(credential):
        return until
    # The guard has just verified it; only its expiry is wanted here.
    expires = jwt.decode(credential, options={"verify_signature": False}).get("exp")
    if isinstance(expires, int | float):
        until = min(until, time.monotonic() + (expires - time.time()))
    return until


async def _charge(request: Request, principal: Principal) -> None:
    """Count the request against its per-minute budget, as the guard does."""
    settings: Settings = request.app.state.settings
    key = f"api:{principal.token_id}" if principal.token_id else f"api:user:{principal.user_id}"
    limit = settings.api_rate_per_minute
    budget: SharedBudget | None = getattr(request.app.state, "budget", None)
    limits = limiter(request)
    if budget is not None:  # Redis, in batches: a round trip for many requests
        retry_after, due = budget.count(key, limit, 60)
        if due:
            retry_after = await run_in_threadpool(budget.sync, key, limit, 60)
    elif isinstance(limits, MemoryLimiter):
        retry_after = limits.hit(key, limit, 60)
    else:  # a network round trip, kept off the event loop
        retry_after = await run_in_threadpool(limits.hit, key, limit, 60)
    if retry_after is not None:
        raise RateLimited(f"more than {limit} requests a minute; slow down", retry_after)


def _lookup(settings: Settings, credential: str, via: str) -> Principal:
    """Who credential belongs to, as the guard finds out, without counting a request."""
    with new_session(settings.database_url) as session:
        return find_principal(session, settings, credential, via)


async def _refresh(
    cache: PrincipalCache, settings: Settings, key: str, credential: str, via: str
) -> None:
    generation, since = cache.generation(), time.monotonic()
    try:
        principal = await run_in_threadpool(_lookup, settings, credential, via)
    except NotAuthenticated:
        cache.drop(key)  # revoked, disabled, expired: the next request meets the guard
        return
    except Exception:  # the entry runs out; the next request past it asks the guard
        log.warning("looking up a cached caller again failed", exc_info=True)
        return
    cache.put(key, credential, principal, generation, since)


async def cached_principal(
    request: Request, bearer: Annotated[str | None, Depends(bearer_token)]
) -> Principal:
    """current_principal, answered from the cache for a credential it has vouched for lately."""
    credential = bearer or request.cookies.get(SESSION_COOKIE)
    cache: PrincipalCache | None = getattr(request.app.state, "principals", None)
    if credential is None or cache is None or request.method in UNSAFE:
        return await run_in_threadpool(current_principal, request, bearer)
    key, via = (credential, "jwt") if bearer else (f"cookie:{credential}", "session")
    principal, refresh = cache.get(key)
    if principal is None:
        generation, since = cache.generation(), time.monotonic()
        principal = await run_in_threadpool(current_principal, request, bearer)
        cache.put(key, credential, principal, generation, since)
        return principal
    if refresh:
        settings: Settings = request.app.state.settings
        task = asyncio.get_running_loop().create_task(
            _refresh(cache, settings, key, credential, via)
        )
        cache.tasks.add(task)
        task.add_done_callback(cache.tasks.discard)
    await _charge(request, principal)
    request.state.principal = principal
    return principal
