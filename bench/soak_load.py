"""The soak's clients: `python -m bench.soak_load PLAN.json OUT.json`, its own process (pinned
to another core than the servers). Each client sends mixed questions (a state or the nation, n
from 1 to max_n, one of the years, at random, as bench/wrk/mixed.lua) one after the other until
the deadline; every answer's status and latency is kept, and each sampled 200's digest of its
ranking (bench.oracle.digest), for the parent to check against the oracles."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.oracle import digest

TIMEOUT_S = 60.0  # a request is an error only when it takes longer than this
KEPT_ERRORS = 50  # errors described in full; the rest are counted


@dataclass(frozen=True)
class LoadPlan:
    url: str
    token: str
    clients: int
    duration_s: float
    states: list[str]
    years: list[int]
    max_n: int
    seed: int
    sample_every: int  # check every k-th answer of each client


@dataclass
class LoadResult:
    started: float  # wall clock (time.time), shared with the parent's timeline
    # One per answer or failure: [seconds since started at the end, latency ms, status (0: none)]
    requests: list[tuple[float, float, int]] = field(default_factory=list)
    # One per checked answer: [sent, received (wall clock), year, state or None, n, digest]
    samples: list[tuple[float, float, int, str | None, int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _answer_digest(body: bytes) -> tuple[int, str | None, str]:
    answer = orjson.loads(body)
    plants = [(p["plant_id"], round(p["net_generation_mwh"] * 1000)) for p in answer["plants"]]
    total = round(answer["total_net_generation_mwh"] * 1000)
    return answer["year"], answer["state"], digest(answer["year"], answer["state"], total, plants)


async def _client(number: int, http: httpx.AsyncClient, plan: LoadPlan, out: LoadResult) -> None:
    rng = random.Random(plan.seed * 100_003 + number)
    deadline = out.started + plan.duration_s
    count = 0
    while time.time() < deadline:
        year = rng.choice(plan.years)
        n = rng.randint(1, plan.max_n)
        pick = rng.randrange(len(plan.states) + 1)  # one in len(states) + 1 is the nation
        state = plan.states[pick] if pick < len(plan.states) else None
        path = f"/api/v1/plants/top?year={year}&n={n}" + (f"&state={state}" if state else "")
        sent, began = time.time(), time.perf_counter()
        status, problem = 0, ""
        try:
            response = await http.get(path)
            status, body = response.status_code, response.content
        except httpx.HTTPError as error:
            problem = f"{type(error).__name__}: {error}"
        received = time.time()
        out.requests.append((received - out.started, (time.perf_counter() - began) * 1000, status))
        if status != 200:
            if len(out.errors) < KEPT_ERRORS:
                detail = problem or body[:200].decode(errors="replace")
                out.errors.append(f"{received - out.started:.1f}s GET {path}: {status} {detail}")
            continue
        count += 1
        if count % plan.sample_every == 0:
            answered_year, answered_state, found = _answer_digest(body)
            if (answered_year, answered_state) != (year, state):
                found = f"asked {year} {state}, answered {answered_year} {answered_state}"
            out.samples.append((sent, received, year, state, n, found))


async def load(plan: LoadPlan) -> LoadResult:
    limits = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=plan.clients)
    headers = {"Authorization": f"Bearer {plan.token}"}
    async with httpx.AsyncClient(
        base_url=plan.url, limits=limits, headers=headers, timeout=TIMEOUT_S
    ) as http:
        out = LoadResult(started=time.time())
        await asyncio.gather(*(_client(i, http, plan, out) for i in range(plan.clients)))
    return out


def main(argv: list[str]) -> int:
    plan_path, out_path = (Path(arg) for arg in argv)
    plan = LoadPlan(**json.loads(plan_path.read_text()))
    try:
        import uvloop

        result = uvloop.run(load(plan))
    except ImportError:
        result = asyncio.run(load(plan))
    out_path.write_bytes(orjson.dumps(asdict(result)))
    return 0


def read_result(path: Path) -> LoadResult:
    raw: dict[str, Any] = orjson.loads(path.read_bytes())
    return LoadResult(
        started=raw["started"],
        requests=[tuple(x) for x in raw["requests"]],
        samples=[tuple(x) for x in raw["samples"]],
        errors=raw["errors"],
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
