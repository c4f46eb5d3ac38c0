"""The deploy files the ops tests read, loaded once, and the dev tools that check them."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.needs import missing

COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
K8S = ROOT / "deploy" / "k8s"
TERRAFORM = ROOT / "deploy" / "terraform"
MONITORING = ROOT / "monitoring"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def tool(name: str) -> str:
    """A checker installed with the dev dependencies (beside this Python), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        missing(f"{name} is not installed; run `uv sync` (it is a dev dependency)")
    return found


def library(name: str, package: str) -> ModuleType:
    """A checking library (module name, package name) installed with the dev dependencies."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        module = None
    # An uninstall can leave the folder behind, which imports as an empty namespace package.
    if module is None or getattr(module, "__file__", None) is None:
        missing(f"{package} is not installed; run `uv sync` (it is a dev dependency)")
    return module


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT, env=env
    )


@cache
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text()))


def service(name: str) -> dict[str, Any]:
    return dict(compose()["services"][name])


@cache
def env_example() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs}


@cache
def k8s_resources() -> list[dict[str, Any]]:
    """Every object of deploy/k8s but the kustomization, in file order."""
    return [
        document
        for path in sorted(K8S.glob("*.yaml"))
        if path.name != "kustomization.yaml"
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


def k8s_object(kind: str, name: str) -> dict[str, Any]:
    found = [r for r in k8s_resources() if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]
