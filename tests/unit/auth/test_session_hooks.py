"""Importing the principal cache changes nothing; the app factory installs its session hooks."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
from sqlalchemy.orm import Session
import gridlens.api.app, gridlens.auth.cache
from gridlens.auth.cache import watch_user_changes

def hooks():
    session = Session()
    return [len(getattr(session.dispatch, name)) for name in
            ("after_flush", "do_orm_execute", "after_commit", "after_rollback")]

print(hooks())
watch_user_changes()
watch_user_changes()
print(hooks())
"""


def test_hooks_only_when_asked_and_once() -> None:
    # A fresh interpreter: this test session's apps have installed them already.
    out = subprocess.run(
        [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True
    ).stdout
    assert out.splitlines() == ["[0, 0, 0, 0]", "[1, 1, 1, 1]"]
