"""Results: one summary table of the goals, a detail table per benchmark, docs/benchmarks.md."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT

DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "bench" / "results"


@dataclass
class Section:
    """One benchmark's outcome: its goals, its detail table, notes, raw figures."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    goals: list[tuple[str, str, str, bool | None]]  # figure, measured, goal, met (None: info)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    extra: str = ""  # preformatted text shown after the table (query plans)


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    numeric = [
        all(_looks_numeric(row[i]) for row in rows) and bool(rows) for i in range(len(headers))
    ]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if numeric[i] else "---" for i in range(len(headers))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _looks_numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace(".", "").rstrip("x%s").strip()
    return stripped.lstrip("-").isdigit()


def summary(sections: list[Section]) -> str:
    verdicts = {True: "met", False: "**missed**", None: "(for information)"}
    rows = [
        [section.title, figure, measured, goal, verdicts[met]]
        for section in sections
        for figure, measured, goal, met in section.goals
    ]
    return markdown_table(["benchmark", "figure", "measured", "goal", "verdict"], rows)


def render(sections: list[Section], machine: dict[str, str], command: str, quick: bool) -> str:
    """The whole report, as printed and as written to docs/benchmarks.md."""
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python -m bench`); bench/README.md says what each "
        "benchmark does and how to run one alone. Every ratio is taken within one run, on this "
        "machine, as the median of its rounds. A full run of every benchmark writes its report "
        'at the top and moves what was above "Earlier figures" (a heading level down) to the top '
        "of that section, so no earlier figure is lost.",
        "",
        f"- **date**: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- **command**: `{command}`"
        + (" (quick smoke run: too short to judge by)" if quick else ""),
        *[f"- **{key}**: {value}" for key, value in machine.items()],
        "",
        "## Summary",
        "",
        summary(sections),
    ]
    for section in sections:
        parts += ["", f"## {section.title}", "", markdown_table(section.headers, section.rows)]
        if section.extra:
            parts += ["", section.extra]
        if section.notes:
            parts += [""] + [f"- {note}" for note in section.notes]
    return "\n".join(parts) + "\n"


def save_raw(sections: list[Section], machine: dict[str, str]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(
        json.dumps({"machine": machine, "sections": [asdict(s) for s in sections]}, indent=2)
    )
    return path
