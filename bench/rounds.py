"""Rounds of load: each target warmed, then once a round in a rotating order, so drift in the
machine falls on every target alike; ratios are taken within each round."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from bench.common import BenchError, say
from bench.loadgen import Load


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


@dataclass
class Rounds:
    loads: dict[str, list[Load]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)


def rotate(
    targets: Sequence[T],
    load: Callable[[T, float, int], Load],
    *,
    rounds: int,
    seconds: float,
    ratios: Mapping[str, tuple[str, str]],
    label: str,
    errors_allowed: Collection[str] = (),
) -> Rounds:
    """load(target, seconds, seed) for each target each round; ratios name (numerator target,
    denominator target), each also taken per server CPU second. Every target of a round gets the
    same seed (the same random questions), and each round a new one. Failed requests stop the
    bench, except on the targets errors_allowed names (their count is in the figures)."""
    results = Rounds()
    for target in targets:
        load(target, max(1.0, seconds / 3), 1)
    for number in range(rounds):
        turn = number % len(targets)
        order = [*targets[turn:], *targets[:turn]]
        this_round: dict[str, Load] = {}
        for target in order:
            figures = load(target, seconds, 100 + number)
            if figures.errors and target.name not in errors_allowed:
                raise BenchError(f"{target.name}: {figures.errors} failed requests under load")
            this_round[target.name] = figures
            results.loads.setdefault(target.name, []).append(figures)
        say(
            f"{label} round {number + 1}/{rounds}: "
            + ", ".join(f"{name} {x.rps:,.0f} req/s" for name, x in this_round.items())
        )
        for ratio, (top, bottom) in ratios.items():
            upper, lower = this_round[top], this_round[bottom]
            results.ratios.setdefault(ratio, []).append(_ratio(upper.rps, lower.rps))
            results.ratios.setdefault(f"{ratio} per CPU", []).append(
                _ratio(upper.per_cpu_s, lower.per_cpu_s)
            )
    return results


def _ratio(upper: float, lower: float) -> float:
    """upper / lower; infinite when lower served nothing in the round (and upper did)."""
    if lower > 0:
        return upper / lower
    return float("inf") if upper > 0 else float("nan")
