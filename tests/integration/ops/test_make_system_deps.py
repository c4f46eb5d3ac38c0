"""`make test` first makes sure of the system packages its tests need, or stops saying which."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    # As nobody: a user who may not install, whoever runs the tests.
    drop = (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.getuid() == 0 else []
    )
    return subprocess.run(
        [*drop, "make", "-s", "-C", str(PROJECT), "system-deps", "UV=true", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def test_present_packages_pass_quietly() -> None:
    result = _make("SYSTEM_DEPS=sh:dash")
    assert (result.returncode, result.stdout) == (0, "")


def test_a_missing_one_stops_at_once_naming_it() -> None:
    result = _make("SYSTEM_DEPS=sh:dash gridlens-no-such-command:no-such-package")
    assert result.returncode != 0
    assert result.stdout == (
        "make test needs these system packages: no-such-package\n"
        "install them first, e.g.: sudo apt-get install no-such-package\n"
    )
