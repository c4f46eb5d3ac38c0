"""Traces: what OpenTelemetry costs. The same gridlens, the same data, the same core, with tracing
off (OTEL_EXPORTER_OTLP_ENDPOINT unset) and on (spans over OTLP/HTTP to a receiver on 127.0.0.1
that counts and discards them), on the cached top 10 by state and on uncached mixed questions."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from bench.api import CONNECTIONS, Server, api_token, gridlens_server
from bench.common import (
    BenchError,
    Cores,
    checked,
    gridlens,
    gridlens_env,
    median,
    need_gen23,
    run_timed,
    say,
)
from bench.loadgen import MIXED, SCRIPT, Load, cpu_seconds, run_wrk
from bench.mixed import bare_server
from bench.pg import bench_database
from bench.report import Section
from bench.rounds import Rounds, rotate
from gridlens.egrid.states import STATES

TOP = "/api/v1/plants/top?n=10&state=%s"
YEAR = 2023
MAX_N = 200


@dataclass
class Received:
    """What the OTLP receiver was sent: export requests and the spans in them."""

    posts: int = 0
    spans: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(received: Received) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/v1/traces":
                self.send_error(404)
                return
            if self.headers.get("Content-Encoding") == "gzip":  # OTEL_EXPORTER_OTLP_COMPRESSION
                body = gzip.decompress(body)
            request = ExportTraceServiceRequest.FromString(body)
            spans = sum(
                len(scope.spans)
                for resource in request.resource_spans
                for scope in resource.scope_spans
            )
            with received.lock:
                received.posts += 1
                received.spans += spans
            # An empty ExportTraceServiceResponse: every span accepted.
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # a line per export would only fill the bench's stderr

    return Handler


@contextmanager
def otlp_receiver() -> Iterator[tuple[str, Received]]:
    """A minimal OTLP/HTTP trace receiver on 127.0.0.1: its endpoint and what it got."""
    received = Received()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(received))
    thread = threading.Thread(target=httpd.serve_forever, name="otlp-receiver", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class Target:
    name: str
    server: Server
    path: str
    token: str = ""
    script: Path = SCRIPT  # MIXED: random questions the response cache rarely holds


# ratio -> (numerator target, denominator target)
RATIOS = {
    "top 10, tracing off / on": ("top 10, tracing off", "top 10, tracing on"),
    "mixed uncached, tracing off / on": (
        "mixed uncached, tracing off",
        "mixed uncached, tracing on",
    ),
    "/healthz, tracing off / bare FastAPI app": ("healthz, tracing off", "bare"),
}
LABELS = {
    "top 10, tracing off": "gridlens `/api/v1/plants/top?n=10&state=XX` (response cache on), "
    "tracing off",
    "top 10, tracing on": "the same, tracing on (OTLP/HTTP to the local receiver)",
    "mixed uncached, tracing off": f"gridlens `/api/v1/plants/top?year={YEAR}&n=N[&state=XX]`, "
    "random, response cache off, tracing off",
    "mixed uncached, tracing on": "the same, tracing on",
    "healthz, tracing off": "gridlens `/healthz`, tracing off (never traced)",
    "bare": "bare FastAPI app, one route, no middleware (the ceiling)",
}


def measure(targets: list[Target], rounds: int, seconds: float, cores: Cores) -> Rounds:
    states = sorted(STATES)

    def load(target: Target, duration: float, seed: int) -> Load:
        cpu_before = cpu_seconds(target.server.pid)
        figures = run_wrk(
            target.server.url,
            path=target.path,
            token=target.token,
            states=states,
            seconds=duration,
            connections=CONNECTIONS,
            core=cores.load,
            script=target.script,
            extra_env={
                "BENCH_STYLE": "gridlens",
                "BENCH_YEARS": str(YEAR),
                "BENCH_MAX_N": str(MAX_N),
                "BENCH_SEED": str(seed),
            },
        )
        return replace(figures, server_cpu_s=cpu_seconds(target.server.pid) - cpu_before)

    return rotate(targets, load, rounds=rounds, seconds=seconds, ratios=RATIOS, label="tracing")


def run(*, quick: bool, rounds: int | None = None) -> Section:
    cores = Cores.pick()
    rounds = rounds or (1 if quick else 5)
    seconds = 3.0 if quick else 10.0
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        say("tracing: loading gen23 into PostgreSQL with `gridlens ingest`")
        checked(
            run_timed(gridlens("ingest", str(need_gen23())), env=gridlens_env(database.url)),
            "gridlens ingest",
        )
        token = api_token(database.url)
        endpoint, received = stack.enter_context(otlp_receiver())

        def serve(*, cached: bool, traced: bool) -> Server:
            return stack.enter_context(
                gridlens_server(
                    database.url,
                    cores.server,
                    cached=cached,
                    otlp_endpoint=endpoint if traced else "",
                )
            )

        cached_off, cached_on = serve(cached=True, traced=False), serve(cached=True, traced=True)
        uncached_off = serve(cached=False, traced=False)
        uncached_on = serve(cached=False, traced=True)
        bare = stack.enter_context(bare_server(cores.server))
        targets = [
            Target("top 10, tracing off", cached_off, TOP, token),
            Target("top 10, tracing on", cached_on, TOP, token),
            Target("mixed uncached, tracing off", uncached_off, "/healthz", token, MIXED),
            Target("mixed uncached, tracing on", uncached_on, "/healthz", token, MIXED),
            Target("healthz, tracing off", cached_off, "/healthz"),
            Target("bare", bare, "/healthz"),
        ]
        say(f"tracing: {rounds} round(s) of {seconds:.0f} s per target, {cores.describe()}")
        results = measure(targets, rounds, seconds, cores)
    # The servers have stopped, and a stopping tracer provider flushes what it still holds.
    if received.spans == 0:
        raise BenchError("tracing on, but the OTLP receiver got no spans: was it really on?")
    return report(results, rounds, seconds, received)


def report(results: Rounds, rounds: int, seconds: float, received: Received) -> Section:
    def ratio(name: str) -> float:
        return median(results.ratios[name])

    rows = [
        [
            label,
            f"{median([x.rps for x in results.loads[name]]):,.0f}",
            f"{median([x.p50_ms for x in results.loads[name]]):.2f}",
            f"{median([x.p99_ms for x in results.loads[name]]):.2f}",
            f"{median([x.per_cpu_s for x in results.loads[name]]):,.0f}",
        ]
        for name, label in LABELS.items()
    ]
    traced_requests = sum(
        x.requests
        for name in ("top 10, tracing on", "mixed uncached, tracing on")
        for x in results.loads[name]
    )
    return Section(
        key="tracing",
        title="Tracing: cost when off",
        headers=["target", "req/s", "p50 ms", "p99 ms", "req per server CPU-s"],
        rows=rows,
        goals=[(f"{name} (req/s)", f"{ratio(name):.2f}x", "", None) for name in RATIOS],
        notes=[
            f"wrk, 1 thread, {CONNECTIONS} connections; top 10: every state in turn; mixed: "
            f"bench/wrk/mixed.lua on {YEAR}'s plants, a random state (or the nation) and n from "
            f"1 to {MAX_N}, the same seed for both sides of a round; {rounds} round(s) of "
            f"{seconds:.0f} s per target after a warm-up, targets in rotating order; medians of "
            "the rounds, ratios taken within each round.",
            "Off: OTEL_EXPORTER_OTLP_ENDPOINT unset, so src/gridlens/tracing.py installs nothing "
            "(a no-op tracer). On: the same server with it set to a receiver on 127.0.0.1 (in the "
            "bench process: counts the spans, discards them), the SDK's default batch processor "
            "and the FastAPI and SQL instrumentation. Every server on the same core.",
            f"The receiver got {received.spans:,} spans in {received.posts:,} exports for "
            f"{traced_requests:,} measured traced requests (and the warm-ups'); the batch "
            "processor drops spans when its queue (2,048) is full, as it would in production.",
            "req per server CPU-s, as ratios: "
            + "; ".join(f"{name} {ratio(name + ' per CPU'):.2f}x" for name in RATIOS)
            + ".",
        ],
        raw={
            "loads": {n: [vars(x) for x in v] for n, v in results.loads.items()},
            "ratios": results.ratios,
            "received": {"posts": received.posts, "spans": received.spans},
        },
    )
