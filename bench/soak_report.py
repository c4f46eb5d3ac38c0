"""The soak's report: `python -m bench soak` (bench/soak.py) as a section of the bench's."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bench.report import Section
from bench.soak import STALE_S, SoakPlan, SoakResult, soak
from gridlens.api.cache import MAX_BYTES

FULL = 0.95  # the cache counts as full from this share of its MAX_BYTES on


def cache_full(samples: list[dict[str, Any]]) -> dict[str, float] | None:
    """One replica process's probe: RSS (MB) when its response cache was first full, the largest
    after that, and at its last sample; None when the cache never filled."""
    full = next(
        (i for i, s in enumerate(samples) if s["cache_mb"] * 2**20 >= FULL * MAX_BYTES), None
    )
    if full is None:
        return None
    after = samples[full:]
    return {
        "full_at": samples[full]["at"],
        "full": samples[full]["VmRSS"],
        "peak": max(s["VmRSS"] for s in after),
        "end": samples[-1]["VmRSS"],
        "cache_mb": samples[-1]["cache_mb"],
        "bodies_mb": samples[-1].get("cache_bodies_mb", float("nan")),
        "malloc_in_use_mb": samples[-1]["malloc_in_use_mb"],
        "malloc_free_mb": samples[-1]["malloc_free_mb"],
    }


def rss_minutes(result: SoakResult) -> tuple[list[str], list[list[str]]]:
    """Each replica process's RSS (MB) at the end of each minute of the load (its last sample)."""
    names = list(result.rss_samples)
    step = result.plan.minute_s
    last = max((at for v in result.rss_samples.values() for at, _ in v), default=0.0)
    rows = []
    for k in range(int(last // step) + 1):
        cells = []
        for name in names:
            inside = [mb for at, mb in result.rss_samples[name] if k * step <= at < (k + 1) * step]
            cells.append(f"{inside[-1]:.0f}" if inside else "")
        rows.append([f"{int(k * step) // 60}:{int(k * step) % 60:02d}", *cells])
    return names, rows


def run(
    *,
    quick: bool,
    duration_s: float | None = None,
    clients: int | None = None,
    ingest_every_s: float | None = None,
    probe: bool = False,
) -> Section:
    short = SoakPlan(duration_s=60, clients=50, ingest_every_s=15, down_s=3, warm_s=10)
    base = short if quick else SoakPlan()
    plan = SoakPlan(
        **{
            **asdict(base),
            **{
                k: v
                for k, v in (
                    ("duration_s", duration_s),
                    ("clients", clients),
                    ("ingest_every_s", ingest_every_s),
                )
                if v is not None
            },
            "probe": probe,
        }
    )
    return report(soak(plan))


def report(result: SoakResult) -> Section:
    plan = result.plan
    growths = [(end - warm) / warm for _, _, _, warm, end in result.rss]
    fulls = {name: cache_full(samples) for name, samples in result.probes.items()}
    filled = {name: f for name, f in fulls.items() if f is not None}
    full_growths = [(f["end"] - f["full"]) / f["full"] for f in filled.values()]
    peak_growths = [(f["peak"] - f["full"]) / f["full"] for f in filled.values()]
    rows = [
        [f"{start // 60}:{start % 60:02d}", f"{count:,}", f"{errors:,}", f"{p50:.0f}", f"{p99:.0f}"]
        for start, count, errors, p50, p99 in result.minutes
    ]
    rss = "\n".join(
        f"| {name} | {pid} | {launch:.0f} | {warm:.0f} | {end:.0f} | {(end - warm) / warm:+.1%} |"
        for name, pid, launch, warm, end in result.rss
    )
    names, minutes = rss_minutes(result)
    per_minute = "\n".join(f"| {' | '.join(row)} |" for row in minutes)
    full_rows = "\n".join(
        f"| {name} | {f['full_at']:.0f} | {f['full']:.0f} | {f['peak']:.0f} | {f['end']:.0f} | "
        f"{(f['end'] - f['full']) / f['full']:+.1%} | {f['cache_mb']:.0f} | {f['bodies_mb']:.0f} | "
        f"{f['malloc_in_use_mb']:.0f} | {f['malloc_free_mb']:.0f} |"
        for name, f in filled.items()
    )
    probed = (
        (
            "\n\nOnce the response cache was full (bench/soak_probe.py, every 10 s; full: at "
            f"{FULL:.0%} of its {MAX_BYTES >> 20} MB, seconds since the process started), RSS (MB),"
            " and at the last sample the cache's counted MB, its bodies' own MB, and malloc's "
            "MB in use and free in its arenas:\n\n"
            "| process | full at s | RSS then | peak after | end | growth | cache | bodies | "
            "malloc in use | malloc free |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            + full_rows
        )
        if filled
        else ""
    )
    runs = "\n".join(
        f"| {run.sheet} | {run.started:.0f} | {run.ended:.0f} | {'ok' if run.ok else 'FAILED'} |"
        for run in result.ingestions
    )
    extra = (
        "Each replica process's RSS (MB): when launched (idle), once warm "
        f"({plan.warm_s:.0f} s into its load), at the end of its life or of the load.\n\n"
        "| replica | pid | launched | warm | end | growth since warm |\n|---|---:|---:|---:|---:|"
        f"---:|\n{rss}{probed}\n\nRSS (MB) at the end of each minute of the load:\n\n"
        f"| from (m:s) | {' | '.join(names)} |\n|---|{'---:|' * len(names)}\n{per_minute}\n\n"
        "Ingestions replacing 2023 (seconds into the load):\n\n"
        f"| file | started | ended | outcome |\n|---|---:|---:|---|\n{runs}"
    )
    return Section(
        key="soak",
        title="Soak: two replicas behind nginx, a year replaced, a replica killed",
        headers=["from (m:s)", "requests", "errors", "p50 ms", "p99 ms"],
        rows=rows,
        goals=[
            ("requests answered 200", f"{result.served:,}", "(for information)", None),
            (
                "errors seen by clients (in flight on the killed replica)",
                f"{result.errors:,} ({result.errors_at_kill:,})",
                "none but those in flight on the killed replica",
                result.errors_not_at_kill == 0,
            ),
            (
                "answers that are no file's whole year",
                f"{len(result.inconsistent):,} of {result.checked:,}",
                "0",
                not result.inconsistent,
            ),
            (
                f"answers older than the year's file {STALE_S:.0f} s before",
                f"{len(result.stale):,}",
                "0",
                not result.stale,
            ),
            *(
                [
                    (
                        "replica RSS growth, cache full to end (largest)",
                        f"{max(full_growths):+.1%} (peak after full {max(peak_growths):+.1%})",
                        "< 10%",
                        max(full_growths) < 0.10,
                    ),
                    (
                        f"replica RSS growth, {plan.warm_s:.0f} s into its load to end (largest)",
                        f"{max(growths):+.1%}" if growths else "?",
                        "(information: the cache may not be full yet)",
                        None,
                    ),
                ]
                if filled
                else [
                    (
                        f"replica RSS growth, {plan.warm_s:.0f} s into its load to end (largest)",
                        f"{max(growths):+.1%}" if growths else "?",
                        "< 10%",
                        bool(growths) and max(growths) < 0.10,
                    )
                ]
            ),
            (
                "both replicas answer at the end",
                ", ".join(f"{k} {v}" for k, v in result.final_status.items()),
                "200",
                all(v == 200 for v in result.final_status.values()),
            ),
        ],
        notes=[
            f"{plan.clients} clients (httpx, asyncio) for {plan.duration_s:.0f} s, each sending "
            f"mixed questions one after another: a state or the nation, n 1-{plan.max_n}, a year "
            "of 2021, 2022, 2023, at random; every answer checked "
            + (f"(1 in {plan.sample_every}) " if plan.sample_every > 1 else "")
            + "against the oracle of each file (bench/oracle.py: the csv module and a sum).",
            f"2023 replaced every {plan.ingest_every_s:.0f} s by `gridlens ingest`, in turn "
            "with a copy whose GENNTAN is 1x, 2x or 3x by ORISPL mod 3 and the real GEN23; "
            f"matched: {', '.join(f'{k} {v:,}' for k, v in sorted(result.matched.items()))}.",
            f"replica a killed with SIGKILL at {result.killed_at:.0f} s, started again after "
            f"{plan.down_s:.0f} s, answering at {result.restarted_at:.0f} s; nginx logged "
            f"{result.upstream_errors} upstream failures (each retried on the other replica); "
            "top-N answers per process: "
            + ", ".join(f"{k} {v:,.0f}" for k, v in result.top_answered.items())
            + ".",
            *[f"error: {line}" for line in result.error_lines[:10]],
            *[f"inconsistent: {line}" for line in result.inconsistent[:10]],
            *[f"stale: {line}" for line in result.stale[:10]],
        ],
        raw={"result": asdict(result)},
        extra=extra,
    )
