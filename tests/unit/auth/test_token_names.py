"""A token's name: its documented pattern and the server's check refuse exactly the same names."""

from __future__ import annotations

import re
import sys

import jsonschema_rs
import pytest
from pydantic import ValidationError

from gridlens.auth.schemas import WHITESPACE, ApiTokenIn


def test_whitespace_is_what_str_strip_removes() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("nightly", True),
        (" ci ", True),
        ("\ufeff", True),
        ("\x1f\x0c", False),
        (" \x85\u3000", False),
    ],
)
def test_pattern_and_server_agree(name: str, valid: bool) -> None:
    pattern = ApiTokenIn.model_json_schema()["properties"]["name"]["pattern"]
    assert jsonschema_rs.validator_for({"pattern": pattern}).is_valid(name) is valid
    assert (re.search(pattern, name) is not None) is valid
    if valid:
        assert ApiTokenIn(name=name).name == name
    else:
        with pytest.raises(ValidationError, match="a character other than spaces"):
            ApiTokenIn(name=name)
