"""Freed memory goes back to the system on glibc (Debian, the image's base)."""

from __future__ import annotations

import sys

import pytest

from gridlens.memory import release_freed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_freed_trims_glibc_arenas() -> None:
    assert release_freed() is True
