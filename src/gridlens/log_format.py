"""JSON lines or the console renderer, decided before structlog is imported: on import structlog
also imports rich (with pygments), when installed, for the console renderer's tracebacks alone."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gridlens.settings import Settings


def wants_json(settings: Settings) -> bool:
    """JSON unless asked for console, or left on auto with a person at the terminal."""
    if settings.log_format == "auto":
        return not sys.stderr.isatty()
    return settings.log_format == "json"


def import_structlog(settings: Settings) -> None:
    """Import structlog, and without rich when this process writes JSON lines: rich is 45 ms of
    a command's start, and JSON lines format tracebacks with the standard library. rich stays
    importable afterwards (the progress bar of `gridlens ingest`)."""
    if "structlog" in sys.modules or "rich" in sys.modules or not wants_json(settings):
        return
    sys.modules["rich"] = None  # type: ignore[assignment]  # None: `import rich` fails at once
    try:
        import structlog  # noqa: F401
    finally:
        del sys.modules["rich"]
