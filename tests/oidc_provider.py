"""OpenID providers for single sign-on tests, served over real HTTP on 127.0.0.1.

`real_provider` runs oidc-provider-mock (PyPI): a real OpenID provider with discovery, keys,
authorize and token endpoints; whoever types a subject on its authorize form is signed in, with
that subject as their e-mail. `TokenStub` is a tiny provider of our own for what a well-behaved
provider never sends (an expired ID token, one for another audience): it signs the ID token with
a key it serves from its own JWKS, with whatever claims the test sets.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """app served on a free port of 127.0.0.1 in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@contextmanager
def real_provider() -> Iterator[str]:
    """oidc-provider-mock running; its issuer URL."""
    from oidc_provider_mock import app

    with serving(app(require_nonce=True)) as issuer:
        yield issuer


class TokenStub:
    """A minimal provider whose ID token claims the test chooses (see the module docstring)."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stub-1", "use": "sig"})
        self.issuer = ""
        self.hits: Counter[str] = Counter()
        self.rotations: list[str] = []
        self.claims: dict[str, Any] = {}
        self.nonce = ""

    def __call__(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        self.hits[request.path] += 1
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        if request.path == "/.well-known/openid-configuration":
            return self._json(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                }
            )
        if request.path == "/jwks":
            return self._json(KeySet([self.key]).as_dict(private=False))
        if request.path == "/authorize":
            self.nonce = request.args["nonce"]
            back = {"code": "stub-code", "state": request.args["state"]}
            return Response(
                status=302,
                headers={"Location": f"{request.args['redirect_uri']}?{urlencode(back)}"},
            )
        if request.path == "/token" and request.method == "POST":
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "sub": "stub-subject",
                "aud": parse_qs(request.get_data(as_text=True)).get("client_id", [""])[0],
                "iat": now,
                "exp": now + 300,
                "nonce": self.nonce,
                "email": "stub@example.com",
                **self.claims,
            }
            token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
            return self._json({"access_token": "stub", "token_type": "Bearer", "id_token": token})
        return Response(status=404)

    def rotate_key(self) -> None:
        """A new signing key under a new key id, as a provider rotating its keys does."""
        kid = f"stub-{len(self.rotations) + 2}"
        self.rotations.append(kid)
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig"})

    @staticmethod
    def _json(body: object) -> Response:
        return Response(json.dumps(body), content_type="application/json")


@contextmanager
def token_stub() -> Iterator[TokenStub]:
    stub = TokenStub()
    with serving(stub) as issuer:
        stub.issuer = issuer
        yield stub
