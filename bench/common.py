"""What every benchmark shares: paths, core pinning, child processes, timing, medians."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv that runs the bench runs gridlens too
SHARED_EGRID = Path(
    os.environ.get("GRIDLENS_BENCH_DATA", ROOT.parent / "shared" / "data" / "egrid")
)
GEN23 = SHARED_EGRID / "gen23.csv"
WORK = ROOT / "bench" / "work"  # generated files, databases and logs (git-ignored)
GEN23_ROWS = 26_601


class BenchError(Exception):
    """The bench cannot run as asked; str() says what to do."""


def need_gen22() -> Path:
    """GEN22 beside GEN23: a second year, for the trend endpoints."""
    gen22 = GEN23.with_name("gen22_excel_formatted.csv")
    if not gen22.is_file():
        raise BenchError(f"the shared eGRID data is absent: {gen22} (set GRIDLENS_BENCH_DATA)")
    return gen22


def need_gen23() -> Path:
    if not GEN23.is_file():
        raise BenchError(f"the shared eGRID data is absent: {GEN23} (set GRIDLENS_BENCH_DATA)")
    return GEN23


@dataclass(frozen=True)
class Cores:
    """The core the measured server runs on and the one its load generator (or client) runs on."""

    server: int | None
    load: int | None

    @classmethod
    def pick(cls) -> Cores:
        available = sorted(os.sched_getaffinity(0))
        if len(available) < 2 or shutil.which("taskset") is None:
            return cls(None, None)
        return cls(available[0], available[1])

    def describe(self) -> str:
        if self.server is None:
            return "not pinned (fewer than 2 cores or no taskset)"
        return f"server on core {self.server}, load generator on core {self.load}"


def pinned(command: Sequence[object], core: int | None) -> list[str]:
    """The command run on one core with taskset, or as is when pinning is off."""
    args = [str(part) for part in command]
    return args if core is None else ["taskset", "-c", str(core), *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_http(
    url: str, timeout_s: float = 30.0, child: subprocess.Popen[bytes] | None = None
) -> None:
    """Until url answers 2xx; BenchError when it does not in time or the child exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if child is not None and child.poll() is not None:
            raise BenchError(f"{url}: the server exited with {child.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (127.0.0.1 only)
                if 200 <= answer.status < 300:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise BenchError(f"{url} did not answer within {timeout_s:.0f} s")


def stop(child: subprocess.Popen[bytes], timeout_s: float = 15.0) -> None:
    """End a child this bench started: SIGTERM, then SIGKILL if it lingers."""
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(timeout_s)


# Children keep their compiled bytecode here. This sandbox sets PYTHONDONTWRITEBYTECODE, so
# without it every gridlens process compiles ~1,000 modules (+2-3 s); the production image
# ships them compiled (UV_COMPILE_BYTECODE=1), and so measures the bench.
PYCACHE = WORK / "pycache"
WARM_IMPORTS = (
    "gridlens.cli",
    "gridlens.api.app",
    "gridlens.ingest.cli_run",
    "gridlens.ingest.pipeline",
    "gridlens.egrid.frames",
    "gridlens.db.migrate",
    "gridlens.store.s3",
    "sqlalchemy.dialects.postgresql.psycopg",
    "alembic.command",
    "boto3",
    "uvicorn",
    "moto.server",
    "pandas",
)
_IMPORT_ALL = """
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
"""


def child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    """env (or this process's) with bytecode written to and read from PYCACHE."""
    out = dict(os.environ if env is None else env)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    out["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return out


def warm_bytecode() -> None:
    """Compile what the measured processes import, once, before anything is timed."""
    command = [str(BIN / "python"), "-c", _IMPORT_ALL, *WARM_IMPORTS]
    subprocess.run(command, env=child_env(None), check=False, capture_output=True, timeout=600)


def start_server(
    command: Sequence[str | Path],
    *,
    ready_url: str,
    env: Mapping[str, str] | None = None,
    log: Path,
    timeout_s: float = 60.0,
) -> subprocess.Popen[bytes]:
    """A server child, returned once ready_url answers; its output goes to log (appended, so a
    restarted server keeps its predecessor's lines). The caller stops it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as sink:
        child = subprocess.Popen(
            [str(part) for part in command],
            env=child_env(env),
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        wait_http(ready_url, timeout_s, child)
    except BenchError as error:
        stop(child)
        raise BenchError(f"{error}; see {log}") from error
    return child


@contextmanager
def server(
    command: Sequence[str | Path],
    *,
    ready_url: str,
    env: Mapping[str, str] | None = None,
    log: Path,
    timeout_s: float = 60.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """A server child, up once ready_url answers, stopped on exit; its output goes to log."""
    log.unlink(missing_ok=True)
    child = start_server(command, ready_url=ready_url, env=env, log=log, timeout_s=timeout_s)
    try:
        yield child
    finally:
        stop(child)


@dataclass(frozen=True)
class Timed:
    """A finished child: wall seconds, its peak resident memory, exit code, output."""

    wall_s: float
    peak_rss_mb: float
    returncode: int
    output: str


def run_timed(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    stdin: IO[bytes] | int | None = subprocess.DEVNULL,
    timeout_s: float = 900.0,
) -> Timed:
    """Run a child to its end; its own peak RSS comes from wait4, so other children don't count."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(part) for part in command],
        env=child_env(env),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert child.stdout is not None
    chunks: list[bytes] = []
    deadline = started + timeout_s
    os.set_blocking(child.stdout.fileno(), False)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        block = child.stdout.read()
        if block:
            chunks.append(block)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            child.wait()
            raise BenchError(f"{command[0]} ran longer than {timeout_s:.0f} s and was stopped")
        time.sleep(0.005)
    wall = time.perf_counter() - started
    os.set_blocking(child.stdout.fileno(), True)
    chunks.append(child.stdout.read())
    child.stdout.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Timed(
        wall_s=wall,
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        returncode=child.returncode,
        output=b"".join(chunks).decode(errors="replace"),
    )


def checked(timed: Timed, what: str) -> Timed:
    if timed.returncode != 0:
        raise BenchError(
            f"{what} failed with exit code {timed.returncode}:\n{timed.output[-3000:]}"
        )
    return timed


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def gridlens_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a gridlens child: this database, a fixed secret, no stray settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GRIDLENS_")}
    env.update(
        {
            "GRIDLENS_DATABASE_URL": database_url,
            "GRIDLENS_ENV": "production",
            "GRIDLENS_JWT_SECRET": "bench-" + "x" * 48,
            "GRIDLENS_LOG_FORMAT": "json",
            "GRIDLENS_STORE_URL": str(WORK / "store"),
            "GRIDLENS_WEB_DIST": str(WORK / "no-ui"),
        }
    )
    env.update(extra)
    return env


def gridlens(*args: str) -> list[str]:
    return [str(BIN / "gridlens"), *args]


def say(message: str) -> None:
    """Progress on stderr, so stdout holds only the results."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
