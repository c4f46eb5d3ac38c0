"""The machine and software a run measured, for the report."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.common import ROOT, Cores


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _memory_gib() -> str:
    match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return f"{int(match.group(1)) / 2**20:.0f} GiB" if match else "?"


def _os() -> str:
    release = Path("/etc/os-release")
    if release.is_file():
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)', release.read_text(), re.MULTILINE)
        if match:
            return f"{match.group(1)}, Linux {platform.release()}"
    return platform.platform()


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _command_version(*command: str) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr else "?"
    )


def _commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.stdout.strip() or "?"


def describe(postgres_version: str) -> dict[str, str]:
    return {
        "machine": f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_gib()} RAM",
        "system": _os(),
        "pinning": Cores.pick().describe(),
        "gridlens": f"commit {_commit()}, Python {platform.python_version()}",
        "software": (
            f"PostgreSQL {postgres_version}; uvicorn {_package('uvicorn')} with uvloop "
            f"{_package('uvloop')} and httptools {_package('httptools')}; Datasette "
            f"{_package('datasette')}; pandas {_package('pandas')}; moto {_package('moto')}; "
            f"{_command_version('wrk', '-v')}"
        ),
    }
