"""check_key keeps keys inside the store."""

from __future__ import annotations

import pytest

from gridlens.store.base import StoreError, check_key


@pytest.mark.parametrize(
    "key",
    ["", "/etc/passwd", "../outside.csv", "a/../../x.csv", "a/./b.csv", "a//b.csv", "dir/", "a\\b"],
)
def test_keys_that_could_leave_the_store_are_refused(key: str) -> None:
    with pytest.raises(StoreError, match="invalid key"):
        check_key(key)


@pytest.mark.parametrize("key", ["egrid2022.csv", "2022/eGRID 2022 gen.CSV", "..hidden.csv"])
def test_plain_relative_keys_pass_unchanged(key: str) -> None:
    assert check_key(key) == key
