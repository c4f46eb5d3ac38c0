"""State codes as people type them: any case, surrounding spaces, nothing else."""

from __future__ import annotations

import pytest

from gridlens.plants.errors import UnknownState
from gridlens.plants.schemas import state_code


@pytest.mark.parametrize(("given", "code"), [("tx", "TX"), (" Pr ", "PR"), ("DC", "DC")])
def test_known_codes_in_any_case(given: str, code: str) -> None:
    assert state_code(given) == code


@pytest.mark.parametrize("given", ["XX", "Texas", "", "T", "GU", 48, None])
def test_anything_else_is_an_unknown_state(given: object) -> None:
    with pytest.raises(UnknownState, match=r"^Unknown state .*: AK, AL, AR, .*, WV, WY\.$"):
        state_code(given)
