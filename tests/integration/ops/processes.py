"""Real processes for the ops tests, on loopback: `gridlens serve` and nginx, always stopped."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.needs import missing

GRIDLENS = Path(sys.executable).parent / "gridlens"
START_TIMEOUT_S = 60.0  # a cold start on a busy 2-core machine
STOP_TIMEOUT_S = 10.0
MIME_TYPES = Path("/etc/nginx/mime.types")
# Replicas must share it: a token one signs, another checks.
JWT_SECRET = "ops-tests-shared-secret-of-forty-eight-bytes-0123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    """A child process writing to a log file, which failures quote."""

    def __init__(
        self,
        name: str,
        args: list[str],
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd
            )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to close connections or say goodbye."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(STOP_TIMEOUT_S)

    def stop(self) -> None:
        if not self.alive():
            return
        self.popen.terminate()
        try:
            self.popen.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()


def wait_until_answers(url: str, process: Process, timeout_s: float = START_TIMEOUT_S) -> None:
    """Returns once url answers 200; fails with the process's log if it dies or never does."""
    deadline = time.monotonic() + timeout_s
    while True:
        if not process.alive():
            raise AssertionError(f"{process.name} exited early:\n{process.tail()}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer in {timeout_s:.0f} s:\n{process.tail()}")
        time.sleep(0.1)


def serve_env(database_url: str, store: Path) -> dict[str, str]:
    """This environment without any GRIDLENS_* of the caller's, plus what a replica needs."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("GRIDLENS_")}
    store.mkdir(parents=True, exist_ok=True)
    return inherited | {
        "GRIDLENS_ENV": "test",
        "GRIDLENS_DATABASE_URL": database_url,
        "GRIDLENS_STORE_URL": str(store),
        "GRIDLENS_JWT_SECRET": JWT_SECRET,
        "GRIDLENS_LOG_FORMAT": "json",
        "GRIDLENS_WEB_DIST": str(store.parent / "no-ui"),
    }


@contextmanager
def gridlens_serve(
    ports: list[int], env: Mapping[str, str], workdir: Path
) -> Iterator[list[Process]]:
    """`gridlens serve` on each port of 127.0.0.1, started together, run in workdir (no .env)."""
    processes: list[Process] = []
    try:
        for port in ports:
            args = [str(GRIDLENS), "serve", "--host", "127.0.0.1", "--port", str(port)]
            log = workdir / f"serve-{port}.log"
            processes.append(Process(f"gridlens serve :{port}", args, log, env, workdir))
        for port, process in zip(ports, processes, strict=True):
            wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield processes
    finally:
        for process in processes:
            process.stop()


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        missing("nginx is not installed (Debian: apt-get install nginx-light)")
    return found


def nginx_config(prefix: Path, http: str) -> str:
    """A whole nginx.conf around http-level directives: foreground, every file under prefix."""
    # As root, workers would run as nobody, who cannot read pytest's private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    types = (
        f"include {MIME_TYPES};"
        if MIME_TYPES.is_file()
        else "types { text/html html; application/javascript js; image/svg+xml svg; }"
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
{user}
daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
{temp}
{http}
}}
"""


@contextmanager
def nginx(http: str, prefix: Path, port: int) -> Iterator[Process]:
    """nginx with the given http-level config, checked with -t first, listening on port."""
    binary = nginx_binary()
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, http))
    # -e: the startup log too, before the config names one (a non-root user can't write /var/log).
    args = [binary, "-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30, check=False)
    assert check.returncode == 0, f"nginx -t refused the config:\n{check.stderr}"
    process = Process("nginx", args, prefix / "nginx.log")
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/nginx-healthz", process)
        yield process
    finally:
        process.stop()


def prometheus_binary() -> str:
    found = shutil.which("prometheus")
    if not found:
        missing("prometheus is not installed (Debian: apt-get install prometheus)")
    return found


@contextmanager
def prometheus(config: str, prefix: Path, port: int) -> Iterator[Process]:
    """Prometheus with this prometheus.yml, its data in prefix, its API on 127.0.0.1:port."""
    binary = prometheus_binary()
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "prometheus.yml"
    conf.write_text(config)
    args = [
        binary,
        f"--config.file={conf}",
        f"--storage.tsdb.path={prefix / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    process = Process("prometheus", args, prefix / "prometheus.log")
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/-/ready", process)
        yield process
    finally:
        process.stop()
