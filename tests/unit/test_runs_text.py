"""How findings read in a terminal: located, the first few, then where the rest are."""

from __future__ import annotations

from gridlens.runs.text import finding, findings


def _item(line: int) -> dict[str, object]:
    return {"line": line, "column": "GENNTAN", "value": f"x{line}", "reason": "not a number"}


def test_one_finding_names_what_it_has() -> None:
    assert finding(_item(57)) == "line 57, column GENNTAN, value 'x57': not a number"
    assert finding({"line": 9, "column": None, "value": None, "reason": "copy of line 4"}) == (
        "line 9: copy of line 4"
    )


def test_the_first_then_how_many_more_and_where() -> None:
    kept = [_item(n) for n in range(1, 101)]
    assert list(findings("rejected rows", kept, 250, 7, limit=2)) == [
        "rejected rows (250):",
        "  line 1, column GENNTAN, value 'x1': not a number",
        "  line 2, column GENNTAN, value 'x2': not a number",
        "  … and 248 more: `gridlens runs show 7`",
    ]


def test_all_kept_then_what_the_record_did_not_keep() -> None:
    kept = [_item(n) for n in range(1, 3)]
    assert list(findings("warnings", kept, 5, 7, limit=None)) == [
        "warnings (5):",
        "  line 1, column GENNTAN, value 'x1': not a number",
        "  line 2, column GENNTAN, value 'x2': not a number",
        "  … and 3 more, not kept in the run record",
    ]
    assert list(findings("warnings", kept, 2, 7)) == [
        "warnings (2):",
        "  line 1, column GENNTAN, value 'x1': not a number",
        "  line 2, column GENNTAN, value 'x2': not a number",
    ]
    assert list(findings("warnings", [], 0, 7)) == []
