"""wrk, Debian's HTTP load generator, driven by bench/wrk/cycle.lua."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.common import BenchError, pinned, say

SCRIPT = Path(__file__).parent / "wrk" / "cycle.lua"
MIXED = Path(__file__).parent / "wrk" / "mixed.lua"
PREFIX = "BENCH_RESULT "


def ensure_wrk() -> str:
    """wrk's path; installed from Debian when missing and this is root, else a clear error."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing it from Debian (apt-get install wrk)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            check=True,
            env=env,
            timeout=600,
        )
        found = shutil.which("wrk")
    if not found:
        raise BenchError("the API benchmark needs wrk: `sudo apt-get install wrk`")
    return found


@dataclass(frozen=True)
class Load:
    """One wrk run's figures; latencies in milliseconds."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_s: float = float("nan")  # CPU the server used meanwhile, when known

    @property
    def per_cpu_s(self) -> float:
        return self.requests / self.server_cpu_s if self.server_cpu_s > 0 else float("nan")


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process, all its threads, so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def run_wrk(
    url: str,
    *,
    path: str,
    token: str = "",
    states: list[str],
    seconds: float,
    connections: int,
    core: int | None,
    script: Path = SCRIPT,
    extra_env: dict[str, str] | None = None,
) -> Load:
    """Load url+path (each %s one of states, codes or plant IDs, in turn) for seconds over
    connections; one wrk thread. Another script (MIXED) makes its own paths from extra_env."""
    env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_TOKEN": token,
        "BENCH_STATES": " ".join(states),
        **(extra_env or {}),
    }
    command = pinned(
        [
            ensure_wrk(),
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        core,
    )
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith(PREFIX)), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed on {url}{path}:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line[len(PREFIX) :])
    errors = sum(
        figures[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    seconds_run = figures["duration_us"] / 1e6
    return Load(
        rps=figures["requests"] / seconds_run,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=figures["requests"],
        errors=errors,
    )
