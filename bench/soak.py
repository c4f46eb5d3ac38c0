"""Soak: two `gridlens serve` replicas on PostgreSQL behind the compose stack's nginx config, many
clients sending mixed questions for minutes, while a year is replaced again and again (the real
GEN23 and a copy with other generation, in turn) and one replica is killed (SIGKILL) and
restarted. Every sampled answer is checked against the oracle of the file its year held."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.api import api_token, serve_command, serve_env
from bench.common import (
    BIN,
    WORK,
    BenchError,
    Cores,
    checked,
    child_env,
    free_port,
    gridlens,
    gridlens_env,
    pinned,
    run_timed,
    say,
    start_server,
    stop,
)
from bench.nginx import nginx, render_web
from bench.oracle import Oracle, scaled_copy
from bench.pg import BenchDatabase, bench_database
from bench.soak_load import LoadPlan, LoadResult, read_result
from gridlens.api.cache import CHECK_S
from gridlens.egrid.states import STATES

REPLACED = "GEN23"  # the year an ingestion replaces, in turn with its SCALED copy
SCALED = "GEN23 scaled"
# An answer may reflect the data as a replica saw it up to CHECK_S before it took the request.
STALE_S = CHECK_S + 1.0
RSS_EVERY_S = 5.0


@dataclass(frozen=True)
class SoakPlan:
    duration_s: float = 600.0
    clients: int = 200
    ingest_every_s: float = 120.0
    kill_at: float = 0.4  # share of the duration at which one replica is killed
    down_s: float = 5.0  # how long it stays dead before it is started again
    warm_s: float = 60.0  # RSS "at start": this long after a process began taking load
    minute_s: float = 60.0  # the latency table's step
    sample_every: int = 1  # check every k-th answer of each client
    max_n: int = 200
    seed: int = 14
    probe: bool = False  # replicas under bench/soak_probe.py: memory figures every 10 s


@dataclass
class Replica:
    """One `gridlens serve` on a fixed port (nginx knows it by port), restartable."""

    name: str
    port: int
    env: dict[str, str]
    core: int | None
    log: Path
    child: subprocess.Popen[bytes] | None = None
    probe: Path | None = None  # where bench/soak_probe.py writes, if it runs the replica
    rss_mb: dict[int, list[tuple[float, float]]] = field(default_factory=dict)  # pid -> samples

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = serve_command(self.port)
        if self.probe is not None:
            command = [str(BIN / "python"), "-m", "bench.soak_probe", str(self.probe), *command[2:]]
        self.child = start_server(
            pinned(command, self.core),
            ready_url=f"{self.url}/healthz",
            env=self.env,
            log=self.log,
        )

    def kill(self) -> None:
        """SIGKILL: no chance to finish its requests or close its connections."""
        assert self.child is not None
        self.child.send_signal(signal.SIGKILL)
        self.child.wait(30)

    def sample_rss(self, at: float) -> None:
        if self.child is None or self.child.poll() is not None:
            return
        for line in Path(f"/proc/{self.child.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                mb = int(line.split()[1]) / 1024
                self.rss_mb.setdefault(self.child.pid, []).append((at, mb))

    def top_answered(self) -> float:
        """How many top-N requests this process has answered, from its own /metrics."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=10) as answer:  # noqa: S310
            text = answer.read().decode()
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("gridlens_http_requests_total{")
            and 'route="/api/v1/plants/top"' in line
        )


KILL_WINDOW_S = 1.0  # a request in flight on a killed replica fails at once, not later


@dataclass
class Ingestion:
    sheet: str
    started: float  # seconds since the load began
    ended: float
    ok: bool
    output: str


@dataclass
class SoakResult:
    """What a soak saw; every time is in seconds since the load began."""

    plan: SoakPlan
    requests: int
    errors: int
    # Errors that ended within KILL_WINDOW_S of the kill: requests in flight on the killed replica
    # whose answer had begun to reach nginx, which cannot retry an answer it has begun to pass on.
    errors_at_kill: int
    error_lines: list[str]
    minutes: list[tuple[int, int, int, float, float]]  # (from s, requests, errors, p50, p99)
    checked: int
    matched: dict[str, int]
    inconsistent: list[str]
    stale: list[str]
    ingestions: list[Ingestion]
    killed_at: float
    restarted_at: float  # when the killed replica answered again
    rss: list[tuple[str, int, float, float, float]]  # (replica, pid, launch, warm, end) MB
    top_answered: dict[str, float]  # per replica process, top-N answers served
    final_status: dict[str, int]  # a top-N asked of each replica directly at the end
    upstream_errors: int  # nginx's error log: failures it met at a replica (and retried)
    seconds: float
    rss_samples: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # every 5 s
    # bench/soak_probe.py's lines by replica process ("replica a (pid 1)"), when it ran them.
    probes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def served(self) -> int:
        return self.requests - self.errors

    @property
    def errors_not_at_kill(self) -> int:
        return self.errors - self.errors_at_kill


def sheets() -> dict[str, Path]:
    """The loaded years' files by name: the last is the year the soak replaces."""
    from bench.common import need_gen22, need_gen23
    from bench.mixed_data import need_gen21

    return {"GEN21": need_gen21(), "GEN22": need_gen22(), REPLACED: need_gen23()}


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _minutes(load: LoadResult, step: float) -> list[tuple[int, int, int, float, float]]:
    buckets: dict[int, list[tuple[float, int]]] = {}
    for at, ms, status in load.requests:
        buckets.setdefault(int(at // step), []).append((ms, status))
    return [
        (
            int(k * step),
            len(rows),
            sum(status != 200 for _, status in rows),
            _percentile([ms for ms, _ in rows], 0.50),
            _percentile([ms for ms, _ in rows], 0.99),
        )
        for k, rows in sorted(buckets.items())
    ]


def _held(ingestions: list[Ingestion]) -> list[tuple[str, float, float]]:
    """Which file the replaced year held when: (name, from, to), each bound the widest the
    ingestion's run allows (its commit falls somewhere between its start and its end)."""
    spans, holder, since = [], REPLACED, -float("inf")
    for run in ingestions:
        if run.ok and run.sheet != holder:
            spans.append((holder, since, run.ended))
            holder, since = run.sheet, run.started
    spans.append((holder, since, float("inf")))
    return spans


def check_samples(
    load: LoadResult, oracles: dict[int, list[Oracle]], ingestions: list[Ingestion]
) -> tuple[Counter[str], list[str], list[str]]:
    """Each sampled answer against the oracles of its year: (matches by file, answers matching
    no file, answers matching a file the year did not hold at the time)."""
    spans = _held(ingestions)
    replaced_year = oracles_year(oracles)
    matched: Counter[str] = Counter()
    inconsistent, stale = [], []
    digests: dict[tuple[str, str | None, int], str] = {}
    for sent, received, year, state, n, found in load.samples:
        names = []
        for oracle in oracles[year]:
            key = (oracle.name, state, n)
            if key not in digests:
                digests[key] = oracle.digest(state, n)
            if digests[key] == found:
                names.append(oracle.name)
        sent, received = sent - load.started, received - load.started
        question = f"{received:.1f}s year={year} state={state} n={n}"
        if not names:
            inconsistent.append(f"{question}: {found} is no file's answer")
            continue
        matched.update(names)
        if year == replaced_year and not any(
            name in names and since <= received and until >= sent - STALE_S
            for name, since, until in spans
        ):
            stale.append(f"{question}: {names} was not the year's file then")
    return matched, inconsistent, stale


def oracles_year(oracles: dict[int, list[Oracle]]) -> int:
    return next(year for year, files in oracles.items() if len(files) > 1)


def _upstream_errors(error_log: Path) -> int:
    if not error_log.is_file():
        return 0
    return sum("upstream" in line for line in error_log.read_text(errors="replace").splitlines())


def _get_status(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextmanager
def replicas(
    database: BenchDatabase, cores: Cores, work: Path, count: int = 2, probe: bool = False
) -> Iterator[list[Replica]]:
    env = serve_env(database.url)
    started: list[Replica] = []
    try:
        for letter in "ab"[:count]:
            log = work / f"replica-{letter}.log"
            log.unlink(missing_ok=True)
            replica = Replica(f"replica {letter}", free_port(), env, cores.server, log)
            if probe:
                replica.probe = work / f"replica-{letter}.probe.jsonl"
                replica.probe.unlink(missing_ok=True)
            replica.start()
            started.append(replica)
        yield started
    finally:
        for replica in started:
            if replica.child is not None:
                stop(replica.child)


def soak(plan: SoakPlan, work: Path = WORK / "soak") -> SoakResult:
    """One soak as planned; work holds the scaled sheet, the configs and the logs."""
    began = time.perf_counter()
    cores = Cores.pick()
    files = sheets()
    work.mkdir(parents=True, exist_ok=True)
    variants = {REPLACED: files[REPLACED], SCALED: scaled_copy(files[REPLACED], work / "gen23.csv")}
    oracles: dict[int, list[Oracle]] = {}
    for name, path in {**files, SCALED: variants[SCALED]}.items():
        oracle = Oracle(name, path)
        oracles.setdefault(oracle.year, []).append(oracle)
    with ExitStack() as stack:
        database = stack.enter_context(bench_database())
        say(f"soak: loading {', '.join(files)} into PostgreSQL with `gridlens ingest`")
        checked(
            run_timed(
                gridlens("ingest", *map(str, files.values())), env=gridlens_env(database.url)
            ),
            "gridlens ingest",
        )
        token = api_token(database.url)
        servers = stack.enter_context(replicas(database, cores, work, probe=plan.probe))
        port = free_port()
        (work / "ui").mkdir(exist_ok=True)
        config = render_web([r.port for r in servers], port, work / "ui")
        stack.enter_context(nginx(config, work / "nginx", port, cores.server))
        (work / "nginx" / "error.log").write_text("")
        url = f"http://127.0.0.1:{port}"
        say(
            f"soak: {plan.clients} clients for {plan.duration_s:.0f} s through nginx to "
            f"{len(servers)} replicas, {cores.describe()}"
        )
        load, ingestions, killed_at, restarted_at, launch_rss = _drive(
            plan, url, token, servers, database, variants, cores, work
        )
        final = {
            r.name: _get_status(f"{r.url}/api/v1/plants/top?year=2023&n=5&state=TX", token)
            for r in servers
        }
        answered = {f"{r.name} (pid {r.child.pid})": r.top_answered() for r in servers if r.child}
    matched, inconsistent, stale = check_samples(load, oracles, ingestions)
    statuses = [status for _, _, status in load.requests]
    return SoakResult(
        plan=plan,
        requests=len(statuses),
        errors=sum(status != 200 for status in statuses),
        errors_at_kill=sum(
            status != 200 and killed_at <= at <= killed_at + KILL_WINDOW_S
            for at, _, status in load.requests
        ),
        error_lines=load.errors,
        minutes=_minutes(load, plan.minute_s),
        checked=len(load.samples),
        matched=dict(matched),
        inconsistent=inconsistent,
        stale=stale,
        ingestions=ingestions,
        killed_at=killed_at,
        restarted_at=restarted_at,
        rss=_rss_table(servers, launch_rss, load.started, plan),
        top_answered=answered,
        final_status=final,
        upstream_errors=_upstream_errors(work / "nginx" / "error.log"),
        seconds=time.perf_counter() - began,
        rss_samples={f"{r.name} (pid {pid})": v for r in servers for pid, v in r.rss_mb.items()},
        probes=_probes(servers),
    )


def _probes(servers: list[Replica]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for replica in servers:
        if replica.probe is None or not replica.probe.is_file():
            continue
        for line in replica.probe.read_text().splitlines():
            sample = json.loads(line)
            found.setdefault(f"{replica.name} (pid {sample['pid']})", []).append(sample)
    return found


def _drive(
    plan: SoakPlan,
    url: str,
    token: str,
    servers: list[Replica],
    database: BenchDatabase,
    variants: dict[str, Path],
    cores: Cores,
    work: Path,
) -> tuple[LoadResult, list[Ingestion], float, float, dict[int, float]]:
    """The load, and meanwhile the ingestions, the kill and the restart, and RSS samples."""
    launch_rss: dict[int, float] = {}
    for replica in servers:
        replica.sample_rss(0.0)
        assert replica.child is not None
        launch_rss[replica.child.pid] = replica.rss_mb[replica.child.pid][0][1]
        replica.rss_mb.clear()
    load_plan = LoadPlan(
        url=url,
        token=token,
        clients=plan.clients,
        duration_s=plan.duration_s,
        states=sorted(STATES),
        years=sorted({2021, 2022, 2023}),
        max_n=plan.max_n,
        seed=plan.seed,
        sample_every=plan.sample_every,
    )
    (work / "load-plan.json").write_text(json.dumps(asdict(load_plan)))
    out = work / "load-result.json"
    out.unlink(missing_ok=True)
    command = [BIN / "python", "-m", "bench.soak_load", work / "load-plan.json", out]
    with (work / "load.log").open("wb") as sink:
        clients = subprocess.Popen(
            pinned(command, cores.load), env=child_env(None), stdout=sink, stderr=sink
        )
    t0 = time.time()
    doomed = servers[0]
    kill_time, restart_time = plan.kill_at * plan.duration_s, plan.kill_at * plan.duration_s
    killed_at = restarted_at = float("nan")
    restarting: threading.Thread | None = None
    failed_restart: list[BenchError] = []

    def restart() -> None:
        try:
            doomed.start()
        except BenchError as error:
            failed_restart.append(error)

    ingestions: list[Ingestion] = []
    running: tuple[subprocess.Popen[bytes], str, float] | None = None
    holder, next_ingest, next_rss = REPLACED, plan.ingest_every_s, 0.0
    env = gridlens_env(database.url)
    try:
        while clients.poll() is None:
            now = time.time() - t0
            if now >= next_rss:
                for replica in servers:
                    replica.sample_rss(now)
                next_rss += RSS_EVERY_S
            if running is not None and running[0].poll() is not None:
                child, sheet, started = running
                output = child.stdout.read().decode(errors="replace") if child.stdout else ""
                ok = child.returncode == 0 and "succeeded" in output
                ingestions.append(Ingestion(sheet, started, now, ok, output.strip()[-500:]))
                say(f"soak: {now:.0f}s ingested {sheet}: {'ok' if ok else output[-300:]}")
                holder = sheet if ok else holder
                running = None
            if running is None and now >= next_ingest and now < plan.duration_s - 5:
                sheet = SCALED if holder == REPLACED else REPLACED
                child = subprocess.Popen(
                    pinned(gridlens("ingest", str(variants[sheet])), cores.server),
                    env=child_env(env),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
                running = (child, sheet, now)
                next_ingest += plan.ingest_every_s
            if killed_at != killed_at and now >= kill_time:  # NaN: not yet
                doomed.kill()
                killed_at = now
                restart_time = now + plan.down_s
                say(f"soak: {now:.0f}s killed {doomed.name} (SIGKILL)")
            elif restarting is None and killed_at == killed_at and now >= restart_time:
                # In its own thread: the ingestions and RSS samples go on while it starts.
                restarting = threading.Thread(target=restart, daemon=True)
                restarting.start()
            started_again = restarting is not None and not restarting.is_alive()
            if started_again and restarted_at != restarted_at:
                restarted_at = now
                say(f"soak: {now:.0f}s {doomed.name} answers again")
            time.sleep(0.2)
        if restarting is not None:
            restarting.join(120)
        if failed_restart:
            raise failed_restart[0]
        if running is not None:  # the last ingestion outlasted the load: its outcome all the same
            child, sheet, started = running
            output = child.communicate(timeout=300)[0].decode(errors="replace")
            ok = child.returncode == 0 and "succeeded" in output
            ingestions.append(Ingestion(sheet, started, time.time() - t0, ok, output[-500:]))
    finally:
        if clients.poll() is None:
            clients.kill()
    if clients.returncode != 0 or not out.is_file():
        raise BenchError(f"the soak's clients failed; see {work / 'load.log'}")
    load = read_result(out)
    # Every time from here on counts from the clients' own start, as their figures do.
    shift = t0 - load.started
    for run in ingestions:
        run.started, run.ended = run.started + shift, run.ended + shift
    return load, ingestions, killed_at + shift, restarted_at + shift, launch_rss


def _rss_table(
    servers: list[Replica], launch: dict[int, float], started: float, plan: SoakPlan
) -> list[tuple[str, int, float, float, float]]:
    """Per replica process: RSS when launched (idle), once warm (warm_s into its load), and at
    the end of its life (or of the load)."""
    rows = []
    for replica in servers:
        for pid, samples in replica.rss_mb.items():
            first_at = samples[0][0]
            warm = next((mb for at, mb in samples if at >= first_at + plan.warm_s), samples[-1][1])
            rows.append((replica.name, pid, launch.get(pid, samples[0][1]), warm, samples[-1][1]))
    return rows
