"""`make up`: .env written once with fresh secrets, the stack started, the way in printed.

No Docker engine runs here, so `docker` is a stand-in script that records its arguments (a mock,
for that reason only); everything else is the real Makefile and scripts/compose_env.py.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.integration.ops.files import COMPOSE, ENV_EXAMPLE, env_example, run, tool

SCRIPT = ROOT / "scripts" / "compose_env.py"
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN")
URL_SAFE_43 = re.compile(r"[A-Za-z0-9_-]{43}")
REQUIRED = re.compile(r"\$\{([A-Z0-9_]+):\?[^}]*\}")
INTERPOLATION = re.compile(r"\$\$|\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}")


def read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs if not key.startswith("#")}


def fake_docker(folder: Path, exit_code: int = 0) -> Path:
    """A `docker` that appends its arguments to docker.log and exits with exit_code."""
    docker = folder / "docker"
    docker.write_text(f'#!/bin/sh\necho "$@" >> "{folder / "docker.log"}"\nexit {exit_code}\n')
    docker.chmod(docker.stat().st_mode | stat.S_IEXEC)
    return docker


def make_up(env_file: Path, docker: Path) -> subprocess.CompletedProcess[str]:
    variables = [f"ENV_FILE={env_file}", f"DOCKER={docker}"]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "up", *variables],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
    )


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's variable substitution: ${X}, ${X:-default}, ${X-default}, ${X:?error}, $$
    (an empty value counts as unset throughout, which differs from compose only for ${X-...})."""

    def value(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, kind, rest = match.groups()
        if env.get(name):
            return env[name]
        assert kind != "?", f"compose would refuse to start: {name} is empty ({rest})"
        return rest if kind == "-" else ""

    return INTERPOLATION.sub(value, text)


def test_first_make_up_writes_secrets_starts_the_stack_and_prints_the_login(
    tmp_path: Path,
) -> None:
    env_file = tmp_path / ".env"

    result = make_up(env_file, fake_docker(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    written = read_env(env_file)
    secrets = {key: value for key, value in written.items() if SECRET_NAME.search(key)}
    assert set(secrets) == {k for k in env_example() if SECRET_NAME.search(k)}
    assert all(URL_SAFE_43.fullmatch(value) for value in secrets.values()), secrets
    assert len(set(secrets.values())) == len(secrets)
    assert {k: v for k, v in written.items() if k not in secrets} == {
        k: v for k, v in env_example().items() if k not in secrets
    }
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert (tmp_path / "docker.log").read_text() == f"compose --env-file {env_file} up --build -d\n"
    assert result.stdout.splitlines() == [
        f"wrote {env_file} with fresh random secrets (keep it; it is git-ignored)",
        "gridlens is starting (`docker compose ps` shows when every service is healthy):",
        "  UI and API     http://localhost:8080   (API docs: http://localhost:8080/docs)",
        "  MinIO console  http://localhost:9001",
        "  Grafana        http://localhost:3000",
        "  Prometheus     http://localhost:9090",
        "  Alertmanager   http://localhost:9093",
        "  Jaeger         http://localhost:16686",
        "",
        f"Sign in to gridlens as admin / {secrets['GRIDLENS_ADMIN_PASSWORD']}",
        "(generated now, and kept in .env with the other secrets; it is shown only this once)",
    ]


def test_make_up_again_keeps_env_and_shows_no_password(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    docker = fake_docker(tmp_path)
    make_up(env_file, docker)
    before = env_file.read_bytes()

    again = make_up(env_file, docker)

    assert again.returncode == 0, again.stderr
    assert env_file.read_bytes() == before
    assert again.stdout.splitlines()[0] == f"kept the existing {env_file}"
    assert read_env(env_file)["GRIDLENS_ADMIN_PASSWORD"] not in again.stdout
    assert "Sign in" not in again.stdout
    assert (tmp_path / "docker.log").read_text().count("up --build -d") == 2


def test_an_existing_env_is_never_overwritten(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("POSTGRES_PASSWORD=chosen-by-hand\n")

    result = run("python3", str(SCRIPT), "create", str(ENV_EXAMPLE), str(env_file))

    assert result.returncode == 0
    assert result.stdout == f"kept the existing {env_file}\n"
    assert env_file.read_text() == "POSTGRES_PASSWORD=chosen-by-hand\n"


def test_each_new_env_gets_its_own_secrets(tmp_path: Path) -> None:
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    for target in (first, second):
        run("python3", str(SCRIPT), "create", str(ENV_EXAMPLE), str(target))

    a, b = read_env(first), read_env(second)

    assert [k for k in a if SECRET_NAME.search(k) and a[k] == b[k]] == []
    assert first.read_text().splitlines()[0] == ENV_EXAMPLE.read_text().splitlines()[0]


def test_a_failed_compose_up_prints_no_login(tmp_path: Path) -> None:
    result = make_up(tmp_path / ".env", fake_docker(tmp_path, exit_code=1))

    assert result.returncode != 0
    assert "Sign in" not in result.stdout
    assert (tmp_path / ".env").is_file()  # kept: the next `make up` uses the same secrets


def test_the_stack_accepts_the_generated_env(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    run("python3", str(SCRIPT), "create", str(ENV_EXAMPLE), str(env_file))
    env = read_env(env_file)
    resolved = tmp_path / "compose.resolved.yml"

    resolved.write_text(interpolate(COMPOSE.read_text(), env))
    checked = run(
        tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(resolved)
    )

    assert set(REQUIRED.findall(COMPOSE.read_text())) <= {k for k, v in env.items() if v}
    assert checked.returncode == 0, checked.stdout + checked.stderr
    api = yaml.safe_load(resolved.read_text())["services"]["api"]["environment"]
    assert api["GRIDLENS_DATABASE_URL"] == (
        f"postgresql+psycopg://gridlens:{env['POSTGRES_PASSWORD']}@postgres:5432/gridlens"
    )
    assert api["GRIDLENS_JWT_SECRET"] == env["GRIDLENS_JWT_SECRET"]


def test_a_custom_bind_address_and_port_show_in_the_urls(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GRIDLENS_BIND=192.0.2.7\nGRIDLENS_WEB_PORT=8443\n")

    result = run("python3", str(SCRIPT), "summary", str(env_file))

    assert result.stdout.splitlines()[1:3] == [
        "  UI and API     http://192.0.2.7:8443   (API docs: http://192.0.2.7:8443/docs)",
        "  MinIO console  http://192.0.2.7:9001",
    ]
