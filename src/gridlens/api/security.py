"""Security headers on every response, with one strict content policy: the UI's and the docs'."""

from __future__ import annotations

# The UI and the API docs (api.docs) load only their own scripts and styles; the map is bundled.
# ReDoc runs its search in a worker it makes from a blob: URL of its own code.
UI_POLICY = (
    "default-src 'self'; script-src 'self'; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# Added to every response that does not set its own (api.middleware), as raw ASGI headers.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", UI_POLICY.encode()),
)
