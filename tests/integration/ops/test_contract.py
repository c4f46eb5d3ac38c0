"""What the deploy files ask of gridlens exists: every command they run, every setting they set."""

from __future__ import annotations

import json
import re
import shlex

import click
import pytest
import typer.main

from gridlens.cli import app
from gridlens.settings import Settings
from tests.conftest import ROOT
from tests.integration.ops.files import TERRAFORM, compose, k8s_resources

BACKEND_SERVICES = ("migrate", "api", "worker")
DOCS = (ROOT / "docs" / "operations.md", ROOT / "deploy" / "README.md")
# The web image's own variable, read by its nginx entrypoint, not by gridlens.
WEB_IMAGE_VARIABLES = {"GRIDLENS_API_UPSTREAM"}
# Words after which `gridlens` is the program run, not a name (`--namespace gridlens`).
LAUNCHERS = {"api", "worker", "migrate", "--rm", "--", "&&"}


def gridlens_commands(command: list[str]) -> list[list[str]]:
    """The gridlens invocations in a container command, `sh -c "a && b"` included."""
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def deployed_commands() -> list[tuple[str, list[str]]]:
    """(where, argv) of every command a container of compose, Kubernetes or ECS runs."""
    found: list[tuple[str, list[str]]] = []
    for name in BACKEND_SERVICES:
        found += [
            (f"compose {name}", c)
            for c in gridlens_commands(compose()["services"][name]["command"])
        ]
    for resource in k8s_resources():
        if resource["kind"] in {"Deployment", "Job"}:
            for container in resource["spec"]["template"]["spec"]["containers"]:
                for c in gridlens_commands(container.get("command", [])):
                    found.append((f"k8s {resource['metadata']['name']}", c))
    for path in sorted(TERRAFORM.glob("*.tf")):
        for listed in re.findall(r"command\s*=\s*(\[[^\]]*\])", path.read_text()):
            found += [(f"terraform {path.name}", c) for c in gridlens_commands(json.loads(listed))]
    dockerfile = (ROOT / "Dockerfile").read_text()
    found.append(("Dockerfile CMD", json.loads(re.findall(r"^CMD (.*)$", dockerfile, re.M)[-1])))
    return [(where, argv) for where, argv in found if argv and argv[0] == "gridlens"]


def documented_commands() -> list[tuple[str, list[str]]]:
    """(file, words) of each gridlens run in the operator docs: the lines of their code blocks,
    and `inline code`, where gridlens starts the command or follows a compose service."""
    found = []
    for path in DOCS:
        text = path.read_text()
        lines = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", text, re.S)).splitlines()
        lines += re.findall(r"`([^`\n]+)`", text)
        for tokens in (line.split() for line in lines):
            for i, token in enumerate(tokens):
                if token == "gridlens" and (i == 0 or tokens[i - 1] in LAUNCHERS):
                    words = [w for w in tokens[i + 1 :] if re.fullmatch(r"[a-z][a-z-]*", w)]
                    found.append((path.name, ["gridlens", *words[:2]]))
    return found


def resolve(argv: list[str], *, runnable: bool = True) -> click.Command:
    """The command argv names; fails when a word is not a command, or (runnable) when argv
    stops at a group."""
    command: click.Command = typer.main.get_command(app)
    for word in argv[1:]:
        if not isinstance(command, click.Group):
            break
        sub = command.commands.get(word)
        assert sub is not None, f"`{' '.join(argv)}`: gridlens has no command {word!r}"
        command = sub
    if runnable:
        assert not isinstance(command, click.Group), f"`{' '.join(argv)}` names a group"
    return command


@pytest.mark.parametrize(("where", "argv"), deployed_commands(), ids=lambda v: str(v))
def test_every_deployed_command_exists(where: str, argv: list[str]) -> None:
    resolve(argv)


def test_deployments_run_serve_worker_and_the_migration() -> None:
    run = {" ".join(argv[:3]) for _, argv in deployed_commands()}

    assert run == {
        "gridlens serve",
        "gridlens worker",
        "gridlens db upgrade",
        "gridlens users bootstrap-admin",
    }


@pytest.mark.parametrize(("where", "argv"), documented_commands(), ids=lambda v: str(v))
def test_every_documented_command_exists(where: str, argv: list[str]) -> None:
    # Prose may name the program or a group (`gridlens tokens`); each word must exist.
    resolve(argv, runnable=False)


def settings_set() -> list[tuple[str, str]]:
    """(where, name) of each GRIDLENS_* variable handed to the backend."""
    found = [
        (f"compose {name}", key)
        for name in BACKEND_SERVICES
        for key in compose()["services"][name]["environment"]
    ]
    found += [
        ("k8s ConfigMap", key)
        for r in k8s_resources()
        if r["kind"] == "ConfigMap"
        for key in r["data"]
    ]
    found += [
        (f"k8s {r['metadata']['name']}", variable["name"])
        for r in k8s_resources()
        if r["kind"] in {"Deployment", "Job"}
        for container in r["spec"]["template"]["spec"]["containers"]
        for variable in container.get("env", [])
    ]
    found += [
        ("deploy/README.md secret", key)
        for key in re.findall(
            r"--from-literal=([A-Z0-9_]+)=", (ROOT / "deploy/README.md").read_text()
        )
    ]
    for path in (TERRAFORM / "ecs.tf", TERRAFORM / "secrets.tf"):
        text = path.read_text()
        names = re.findall(r'name = "([A-Z0-9_]+)"', text) + re.findall(
            r"^\s+([A-Z0-9_]+)\s+=", text, re.M
        )
        found += [(f"terraform {path.name}", name) for name in names]
    return [
        (where, name)
        for where, name in found
        if name.startswith("GRIDLENS_") and name not in WEB_IMAGE_VARIABLES
    ]


@pytest.mark.parametrize(("where", "name"), settings_set(), ids=lambda v: str(v))
def test_every_setting_set_is_one_gridlens_reads(where: str, name: str) -> None:
    known = {f"GRIDLENS_{field.upper()}" for field in Settings.model_fields}

    assert name in known


def test_the_web_image_sets_its_own_variables() -> None:
    dockerfile = (ROOT / "docker" / "web.Dockerfile").read_text()

    assert all(f"{name}=" in dockerfile for name in WEB_IMAGE_VARIABLES)


def test_the_settings_found_cover_each_deploy_path() -> None:
    places = {where.split()[0] for where, _ in settings_set()}

    assert places == {"compose", "k8s", "deploy/README.md", "terraform"}
