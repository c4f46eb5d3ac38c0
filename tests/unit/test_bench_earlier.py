"""A full benchmark run rewrites docs/benchmarks.md without losing the figures written in it."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import EARLIER, earlier_figures

REPORT = """# Benchmarks

Written by make bench.

## Issue 14, branch x (2026-12-05)

| a | b |
|---|---|
| 1 | 2 |

### A step

```sh
## not a heading: a shell comment in a code block
```
"""

OLDER = """
## Earlier figures

### 2026-11-29 full run

- **date**: 2026-11-29
"""


def test_sections_above_earlier_move_below_it_a_level_down(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    out.write_text(REPORT + OLDER)
    assert earlier_figures(out) == (
        "\n## Earlier figures\n\n"
        "### Issue 14, branch x (2026-12-05)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "#### A step\n\n```sh\n## not a heading: a shell comment in a code block\n```\n\n"
        "### 2026-11-29 full run\n\n- **date**: 2026-11-29\n"
    )


def test_a_report_without_earlier_figures_starts_that_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    out.write_text(REPORT)
    assert earlier_figures(out).startswith(EARLIER + "\n\n### Issue 14, branch x (2026-12-05)\n")


def test_nothing_to_keep(tmp_path: Path) -> None:
    assert earlier_figures(tmp_path / "absent.md") == ""
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nWritten by make bench.\n" + OLDER)
    assert earlier_figures(out) == OLDER
