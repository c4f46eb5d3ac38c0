"""Both Dockerfiles and the build context, checked without a Docker engine."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.ops.files import run, tool
from tests.needs import missing

BACKEND = ROOT / "Dockerfile"
WEB = ROOT / "docker" / "web.Dockerfile"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def stages(dockerfile: Path) -> list[list[tuple[str, str]]]:
    """The instructions of each build stage, FROM first."""
    split: list[list[tuple[str, str]]] = []
    for instruction in instructions(dockerfile):
        if instruction[0] == "FROM":
            split.append([])
        if split:
            split[-1].append(instruction)
    return split


def last(stage: list[tuple[str, str]], word: str) -> str:
    return [args for name, args in stage if name == word][-1]


@pytest.mark.parametrize("dockerfile", [BACKEND, WEB], ids=["backend", "web"])
def test_hadolint_finds_nothing_at_warning_level(dockerfile: Path) -> None:
    result = run(tool("hadolint"), "--failure-threshold", "warning", str(dockerfile))

    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_builds_with_uv_and_runs_slim_as_a_user() -> None:
    build, runtime = stages(BACKEND)[-2:]
    runs = " ".join(args for name, args in build if name == "RUN")

    assert "uv sync --frozen --no-dev --no-install-project" in runs
    assert "uv sync --frozen --no-dev --no-editable" in runs
    assert last(runtime, "FROM") == "${PYTHON_IMAGE} AS runtime"
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in BACKEND.read_text()
    assert last(runtime, "USER") == "10001:10001"
    assert last(runtime, "HEALTHCHECK").startswith("--interval=")
    assert last(runtime, "CMD") == '["gridlens", "serve"]'
    assert "uv" not in " ".join(args for name, args in runtime if name in {"COPY", "RUN"})


def test_web_builds_with_node_and_serves_with_unprivileged_nginx() -> None:
    build, web = stages(WEB)

    assert last(build, "FROM").startswith("node:22")
    assert last(build, "RUN") == "npm run build"
    assert last(web, "FROM") == "nginxinc/nginx-unprivileged:1.28-alpine AS web"
    assert "docker/nginx.conf /etc/nginx/templates/default.conf.template" in [
        args for name, args in web if name == "COPY"
    ]
    assert last(web, "EXPOSE") == "8080"
    assert "nginx-healthz" in last(web, "HEALTHCHECK")


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern.strip("/"))
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves path out of the build context (a pattern matching a parent does)."""
    parents = ["/".join(path.split("/")[: i + 1]) for i in range(path.count("/") + 1)]
    result = False
    for pattern in patterns:
        keep = pattern.startswith("!")
        regex = _regex(pattern.lstrip("!"))
        if any(regex.fullmatch(parent) for parent in parents):
            result = not keep
    return result


def test_dockerignore_matcher_follows_docker_rules() -> None:
    patterns = ["**/node_modules", "var", "*.egg-info", ".env.*", "!.env.keep"]

    assert ignored("frontend/node_modules/react/index.js", patterns)
    assert ignored("var/store/gen23.csv", patterns)
    assert ignored(".env.local", patterns)
    assert not ignored(".env.keep", patterns)
    assert not ignored("src/gridlens/variables.py", patterns)


def test_context_keeps_every_tracked_file_the_dockerfiles_copy() -> None:
    sources = [
        source
        for dockerfile in (BACKEND, WEB)
        for name, args in instructions(dockerfile)
        if name == "COPY" and "--from=" not in args
        for source in args.split()[:-1]
    ]
    tracked = run("git", "ls-files", "--", *sources).stdout.split()

    assert sources == [
        "pyproject.toml",
        "uv.lock",
        "README.md",
        "src",
        "frontend/package.json",
        "frontend/package-lock.json",
        "frontend/",
        "docker/nginx.conf",
    ]
    assert "src/gridlens/db/migrations/env.py" in tracked
    assert [path for path in tracked if ignored(path, dockerignore_patterns())] == []


@pytest.mark.parametrize("path", [".env", ".git/config", ".venv/bin/python", "var/gridlens.db"])
def test_context_leaves_out_secrets_and_local_state(path: str) -> None:
    assert ignored(path, dockerignore_patterns())


def test_the_wheel_the_image_installs_carries_every_file_of_the_package(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if not uv:
        missing("uv is not installed (python3 -m pip install uv)")
    built = run(uv, "build", "--wheel", "--out-dir", str(tmp_path))
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("gridlens-*.whl")
    tracked = run("git", "ls-files", "src/gridlens").stdout.split()

    with zipfile.ZipFile(wheel) as archive:
        packaged = set(archive.namelist())

    assert any(path.startswith("src/gridlens/db/migrations/") for path in tracked)
    assert [path for path in tracked if path.removeprefix("src/") not in packaged] == []
