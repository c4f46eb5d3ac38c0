"""Profile: where one ingestion of the 100x file spends its time (bench/ingest_profile.py)."""

from __future__ import annotations

import json

from bench.bigfile import multiplied
from bench.common import BIN, BenchError, Cores, checked, gridlens_env, pinned, run_timed, say
from bench.pg import bench_database
from bench.report import Section, markdown_table

TOP_STATEMENTS = 8


def run(*, quick: bool) -> Section:
    copies = 3 if quick else 100
    path = multiplied(copies)
    cores = Cores.pick()
    with bench_database() as database:
        say(f"profile: one instrumented ingestion of {path.name}")
        command = [BIN / "python", "-m", "bench.ingest_profile", database.url, str(path)]
        timed = checked(
            run_timed(pinned(command, cores.server), env=gridlens_env(database.url)),
            "the instrumented ingestion",
        )
    line = next((x for x in reversed(timed.output.splitlines()) if x.startswith("{")), None)
    if line is None:
        raise BenchError(f"no profile in the output:\n{timed.output[-2000:]}")
    figures = json.loads(line)
    wall = figures["wall_s"]
    phases = sorted(figures["phases"].items(), key=lambda item: -item[1])
    # Phases on the parsing thread overlap the main thread's: only the main thread's add up.
    other = wall - sum(seconds for name, seconds in phases if not name.endswith("[thread]"))
    rows = [[name, f"{seconds:.1f}", f"{seconds / wall:.0%}"] for name, seconds in phases]
    rows.append(["other (Python between the phases)", f"{other:.1f}", f"{other / wall:.0%}"])
    rows.append(["**the run**", f"**{wall:.1f}**", "100%"])
    statements = sorted(figures["statements"].items(), key=lambda item: -item[1][0])
    statement_rows = [
        [f"`{text}`", f"{seconds:.1f}", str(count)]
        for text, (seconds, count) in statements[:TOP_STATEMENTS]
    ]
    notes = [
        f"`python -m bench.ingest_profile` of {path.name} ({figures['rows']:,} rows) into "
        "emptied tables: the pipeline of `gridlens ingest`, each phase's exclusive wall time. "
        "A phase marked [thread] ran on a thread beside the main one (overlapping it).",
        f"CPU: this Python process {figures['python_cpu_s']:.1f} s, PostgreSQL backends "
        f"{figures['postgres_cpu_s']:.1f} s, over {wall:.1f} s of wall time; peak RSS "
        f"{figures['peak_rss_mb']:.0f} MB.",
    ]
    if figures.get("missing_hooks"):
        notes.append(
            "Hooks not found (their time is in other): " + ", ".join(figures["missing_hooks"])
        )
    extra = "SQL statements over 0.05 s, by time:\n\n" + markdown_table(
        ["statement", "seconds", "calls"], statement_rows
    )
    return Section(
        key="profile",
        title=f"Profile: one ingestion of {copies}x GEN23",
        headers=["phase", "seconds", "share"],
        rows=rows,
        goals=[],
        notes=notes,
        raw=figures,
        extra=extra,
    )
