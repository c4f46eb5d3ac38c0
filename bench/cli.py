"""`gridlens ingest gen23.csv` as a person runs it: the whole process, start to exit, against
`psql \\copy` of the same file timed the same way, in the same rounds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from bench.common import (
    BIN,
    GEN23_ROWS,
    WORK,
    Cores,
    Timed,
    checked,
    gridlens,
    gridlens_env,
    median,
    need_gen23,
    pinned,
    run_timed,
    say,
)
from bench.floor import copy_floor
from bench.ingest import run_seconds
from bench.pg import bench_database
from bench.report import Section

GOAL_S = 1.5  # issue 13: the whole process under 1.5 s here, on the embedded default (SQLite)
FOLDER = WORK / "cli"


def sqlite_template() -> Path:
    """An embedded database at the current schema and empty: each round starts from a copy."""
    template = FOLDER / "template.db"
    template.unlink(missing_ok=True)
    env = gridlens_env(f"sqlite:///{template}")
    checked(run_timed(gridlens("db", "upgrade"), env=env), "gridlens db upgrade")
    return template


def fresh_copy(template: Path) -> str:
    target = FOLDER / "run.db"
    for leftover in (target, target.with_name("run.db-wal"), target.with_name("run.db-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 7)
    sheet = str(need_gen23())
    FOLDER.mkdir(parents=True, exist_ok=True)
    template = sqlite_template()
    names = list(TARGETS)
    times: dict[str, list[float]] = {name: [] for name in names}
    inside: list[float] = []
    with bench_database() as database:

        def sqlite_ingest() -> Timed:
            env = gridlens_env(fresh_copy(template))
            return checked(
                run_timed(pinned(gridlens("ingest", sheet), cores.server), env=env), "on SQLite"
            )

        def postgres_ingest() -> Timed:
            database.empty()
            env = gridlens_env(database.url)
            return checked(
                run_timed(pinned(gridlens("ingest", sheet), cores.server), env=env), "on PostgreSQL"
            )

        def floor() -> Timed:
            return copy_floor(database, need_gen23(), cores.server)

        def interpreter() -> Timed:
            return checked(
                run_timed(pinned([BIN / "python", "-c", "pass"], cores.server)), "python"
            )

        def imports() -> Timed:
            command = [BIN / "python", "-c", f"import {', '.join(INGEST_IMPORTS)}"]
            return checked(run_timed(pinned(command, cores.server)), "imports")

        def help_text() -> Timed:
            env = gridlens_env(database.url)
            return checked(run_timed(pinned(gridlens("--help"), cores.server), env=env), "--help")

        measure: dict[str, Callable[[], Timed]] = {
            "sqlite": sqlite_ingest,
            "postgres": postgres_ingest,
            "floor": floor,
            "python": interpreter,
            "imports": imports,
            "help": help_text,
        }
        say(f"cli: {rounds} round(s) of {', '.join(TARGETS)}; {cores.describe()}")
        for name in TARGETS:  # once unmeasured: caches, bytecode, the database's first touch
            measure[name]()
        for number in range(rounds):
            turn = number % len(names)
            for name in [*names[turn:], *names[:turn]]:
                timed = measure[name]()
                times[name].append(timed.wall_s)
                if name == "sqlite" and (seconds := run_seconds(timed)) is not None:
                    inside.append(seconds)
            say(
                f"cli round {number + 1}/{rounds}: "
                + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in TARGETS)
            )
    ratios = {
        name: median([a / b for a, b in zip(times[name], times["floor"], strict=True)])
        for name in ("sqlite", "postgres")
    }
    sqlite_s = median(times["sqlite"])
    return Section(
        key="cli",
        title="`gridlens ingest gen23.csv`, the whole process, against `psql \\copy`",
        headers=["what", "seconds", "rows/s", "/ psql \\copy"],
        rows=[
            [label, *_cells(times[name], times["floor"], loads=name in LOADS)]
            for name, label in TARGETS.items()
        ]
        + [
            [
                "…of which the SQLite run itself (its own timer)",
                f"{median(inside):.2f}" if inside else "n/a",
                "",
                "",
            ]
        ],
        goals=[
            (
                "`gridlens ingest gen23.csv` on SQLite, whole process",
                f"{sqlite_s:.2f} s",
                f"< {GOAL_S} s",
                sqlite_s < GOAL_S,
            ),
            ("the same / `psql \\copy` (time)", f"{ratios['sqlite']:.1f}x", "", None),
            ("on PostgreSQL / `psql \\copy` (time)", f"{ratios['postgres']:.1f}x", "", None),
        ],
        notes=[
            f"{GEN23_ROWS:,} generator rows from a local file; {rounds} round(s), each running "
            "every target once in a rotating order; medians, and ratios taken within a round.",
            "SQLite: a copy of an empty database at the current schema each round (the copy is "
            "not timed). PostgreSQL: emptied tables. The floor: psql's client-side COPY of the "
            "data rows into an unlogged all-text table (bench/floor.py), process start included.",
        ],
        raw={"times": times, "inside": inside, "ratios": ratios},
    )


TARGETS = {
    "sqlite": "`gridlens ingest gen23.csv`, SQLite (the embedded default)",
    "postgres": "`gridlens ingest gen23.csv`, PostgreSQL",
    "floor": "`psql -c '\\copy … FROM STDIN'` of the same file",
    "python": "`python -c pass` (the interpreter alone)",
    "imports": "`python -c 'import …'`: the modules `gridlens ingest` loads before it reads",
    "help": "`gridlens --help`",
}


LOADS = {"sqlite", "postgres", "floor"}
INGEST_IMPORTS = ("gridlens.cli", "gridlens.ingest.cli_run", "gridlens.logs", "gridlens.preflight")


def _cells(seconds: list[float], floor: list[float], *, loads: bool) -> list[str]:
    value = median(seconds)
    ratio = median([a / b for a, b in zip(seconds, floor, strict=True)])
    return [f"{value:.2f}", f"{GEN23_ROWS / value:,.0f}" if loads else "", f"{ratio:.2f}x"]
