"""`python -m bench [NAME ...] [--quick]`: run benchmarks, print the report, write it down."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from bench.common import BenchError, say
from bench.report import DOC, Section, render, save_raw

ALL = ("api", "mixed", "map", "tracing", "ingest", "cli", "growth", "query", "profile")
# Not in a full run (it takes 10 minutes on its own); asked for by name.
CHOICES = (*ALL, "soak")


def scales(text: str) -> tuple[int, ...]:
    """--scales 1,100: positive whole numbers, smallest first (the reference)."""
    try:
        found = tuple(sorted({int(part) for part in text.split(",")}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not whole numbers: {text!r}") from None
    if not found or found[0] < 1:
        raise argparse.ArgumentTypeError(f"scales are copies, 1 or more: {text!r}")
    return found


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="gridlens benchmarks (bench/README.md). With no names: all of them, "
        "written to docs/benchmarks.md.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run: {', '.join(CHOICES)} (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run in about 2 minutes: short, one round, small files",
    )
    parser.add_argument("--rounds", type=int, help="rounds per figure (default 5; quick 1)")
    soak = parser.add_argument_group("soak")
    soak.add_argument("--duration", type=float, help="seconds of load (default 600; quick 60)")
    soak.add_argument("--clients", type=int, help="concurrent clients (default 200; quick 50)")
    soak.add_argument(
        "--ingest-every", type=float, help="seconds between ingestions (default 120; quick 15)"
    )
    soak.add_argument(
        "--probe",
        action="store_true",
        help="run the replicas under bench/soak_probe.py: RSS, malloc, cache and objects every "
        "10 s in bench/work/soak/replica-*.probe.jsonl (BENCH_TRACEMALLOC=1: tracemalloc too)",
    )
    parser.add_argument(
        "--scales",
        type=scales,
        metavar="N,M",
        help="mixed: the data sizes, in copies of every plant, measured side by side "
        "(default 1,100; quick 1,3)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="write the report here (default: docs/benchmarks.md for a full "
        "run of every benchmark, else nowhere)",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in CHOICES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(CHOICES)}")
    return args


def run(args: argparse.Namespace, names: list[str]) -> tuple[list[Section], str]:
    from bench.common import warm_bytecode
    from bench.pg import server_version

    warm_bytecode()
    quick, rounds, scales = args.quick, args.rounds, args.scales
    sections: list[Section] = []
    if "api" in names:
        from bench import api

        sections.append(api.run(quick=quick, rounds=rounds))
    if "mixed" in names:
        from bench import mixed

        sections.append(mixed.run(quick=quick, rounds=rounds, scales=scales))
    if "map" in names:
        from bench import map as plant_map

        sections.append(plant_map.run(quick=quick, rounds=rounds))
    if "tracing" in names:
        from bench import tracing

        sections.append(tracing.run(quick=quick, rounds=rounds))
    if "ingest" in names:
        from bench import ingest

        sections.append(ingest.run(quick=quick, rounds=rounds))
    if "cli" in names:
        from bench import cli

        sections.append(cli.run(quick=quick, rounds=rounds))
    if "growth" in names or "query" in names:
        from bench import growth

        sections += growth.run(
            quick=quick, rounds=rounds, growth="growth" in names, query="query" in names
        )
    if "profile" in names:
        from bench import profile

        sections.append(profile.run(quick=quick))
    if "soak" in names:
        from bench import soak_report

        sections.append(
            soak_report.run(
                quick=quick,
                duration_s=args.duration,
                clients=args.clients,
                ingest_every_s=args.ingest_every,
                probe=args.probe,
            )
        )
    return sections, server_version()


EARLIER = "\n## Earlier figures"


def earlier_figures(out: Path) -> str:
    """What a full run keeps of the report file it rewrites: everything below EARLIER, and
    below it the sections written above it since the last full run (dated figures of issues'
    branches), a heading level down, so no measured figure is lost to a rerun."""
    previous = out.read_text() if out.is_file() else ""
    at = previous.find(EARLIER)
    above, below = (previous[:at], previous[at:]) if at >= 0 else (previous, "")
    first = above.find("\n## ")  # the title and its paragraph are rewritten, not kept
    kept = _demoted(above[first + 1 :]).strip() if first >= 0 else ""
    if not kept:
        return below
    rest = below[len(EARLIER) :].lstrip("\n")
    return f"{EARLIER}\n\n{kept}\n\n{rest}".rstrip("\n") + "\n"


def _demoted(text: str) -> str:
    """Markdown headings one level down (## to ###), outside code blocks."""
    lines, fenced = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        lines.append("#" + line if not fenced and line.startswith("##") else line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    names = list(dict.fromkeys(args.names)) or list(ALL)
    started = time.perf_counter()
    try:
        sections, postgres_version = run(args, names)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    from bench.machine import describe

    machine = describe(postgres_version)
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    text = render(sections, machine, command.strip(), args.quick)
    print(text)
    raw = save_raw(sections, machine)
    out = args.out or (DOC if set(names) >= set(ALL) and not args.quick else None)
    if out is not None:
        out.write_text(text + earlier_figures(out))
        say(f"wrote {out}")
    say(f"raw figures in {raw}; took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
