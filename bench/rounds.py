"""Rounds of load: each target warmed, then once a round in a rotating order, so drift in the
machine falls on every target alike; ratios are taken within each round."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
) -> Rounds:
    """load(target, seconds, seed) for each target each round; ratios name (numerator target,
    denominator target), each also taken per server CPU second. Every target of a round gets the
    same seed (the same random questions), and each round a new one."""
    results = Rounds()
    for target in targets:
        load(target, max(1.0, seconds / 3), 1)
    for number in range(rounds):
        turn = number % len(targets)
        order = [*targets[turn:], *targets[:turn]]
        this_round: dict[str, Load] = {}
        for target in order:
            figures = load(target, seconds, 100 + number)
            if figures.errors:
                raise BenchError(f"{target.name}: {figures.errors} failed requests under load")
            this_round[target.name] = figures
            results.loads.setdefault(target.name, []).append(figures)
        say(
            f"{label} round {number + 1}/{rounds}: "
            + ", ".join(f"{name} {x.rps:,.0f} req/s" for name, x in this_round.items())
        )
        for ratio, (top, bottom) in ratios.items():
            upper, lower = this_round[top], this_round[bottom]
            results.ratios.setdefault(ratio, []).append(upper.rps / lower.rps)
            results.ratios.setdefault(f"{ratio} per CPU", []).append(
                upper.per_cpu_s / lower.per_cpu_s
            )
    return results
