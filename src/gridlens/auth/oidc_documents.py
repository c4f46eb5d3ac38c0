"""The provider's discovery document and signing keys: fetched over HTTP, kept a few minutes.

A sign-in needs both twice over (the redirect and the callback); fetching them each time made
every sign-in wait on the provider three times and made a busy provider a bottleneck. Keys are
fetched again at once when a token names a key we do not hold: the provider has rotated them.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc.jwk import KeySet

HTTP_TIMEOUT = 10.0
KEEP_SECONDS = 300.0


class ProviderUnreadable(Exception):
    """The provider's document could not be read, or does not say what it must."""


@dataclass
class _Kept:
    value: Any
    until: float


_kept: dict[tuple[str, str], _Kept] = {}
_lock = threading.Lock()


def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        answer = httpx.get(url, timeout=HTTP_TIMEOUT, follow_redirects=False)
        answer.raise_for_status()
        body = answer.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnreadable(
            f"the provider's {what} at {url} could not be read: {error}"
        ) from error
    if not isinstance(body, dict):
        raise ProviderUnreadable(f"the provider's {what} at {url} is not a JSON object")
    return body


def _cached(key: tuple[str, str], fetch: Any, *, fresh: bool = False) -> Any:
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept.until > now and not fresh:
        return kept.value
    value = fetch()
    with _lock:
        _kept[key] = _Kept(value, now + KEEP_SECONDS)
    return value


def discovery(issuer: str) -> dict[str, Any]:
    """The discovery document of issuer, whose own issuer must be exactly that one."""
    issuer = issuer.rstrip("/")

    def fetch() -> dict[str, Any]:
        metadata = _get_json(f"{issuer}/.well-known/openid-configuration", "discovery document")
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise ProviderUnreadable(
                f"the provider's discovery document names issuer {metadata.get('issuer')!r}, "
                f"not GRIDLENS_OIDC_ISSUER {issuer!r}"
            )
        for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(field), str):
                raise ProviderUnreadable(f"the provider's discovery document has no {field}")
        return metadata

    result: dict[str, Any] = _cached(("discovery", issuer), fetch)
    return result


def signing_keys(jwks_uri: str, *, fresh: bool = False) -> KeySet:
    """The provider's public keys; fresh: fetched now, whatever is kept."""

    def fetch() -> KeySet:
        return KeySet.import_key_set(_get_json(jwks_uri, "keys (JWKS)"))  # type: ignore[arg-type]

    keys: KeySet = _cached(("jwks", jwks_uri), fetch, fresh=fresh)
    return keys


def names_unknown_key(keys: KeySet, kid: object) -> bool:
    """True when a token names a key id that keys do not hold."""
    return isinstance(kid, str) and all(key.kid != kid for key in keys.keys)
