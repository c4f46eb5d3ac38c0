"""The GitHub Actions workflow: valid, runs the tests, builds both images, starts the stack."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from tests.integration.ops.files import WORKFLOW, run, tool


@cache
def jobs() -> dict[str, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text())["jobs"])


def commands(job: str) -> str:
    return "\n".join(step.get("run", "") for step in jobs()[job]["steps"])


def test_workflow_follows_github_actions_schema() -> None:
    checker = tool("check-jsonschema")

    result = run(checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_test_job_runs_lint_and_every_python_test_against_postgres() -> None:
    job = jobs()["test"]

    assert {"make setup", "make lint", "make test-py"} <= set(commands("test").splitlines())
    assert job["services"]["postgres"]["ports"] == ["5432:5432"]
    assert "npm --prefix frontend run build" in commands("test")


def test_the_images_job_builds_both_dockerfiles_and_starts_the_stack() -> None:
    built = [
        step["with"]["file"]
        for step in jobs()["images"]["steps"]
        if step.get("uses", "").startswith("docker/build-push-action")
    ]

    assert built == ["Dockerfile", "docker/web.Dockerfile"]
    assert "docker compose up --detach --wait" in commands("images")
    assert "http://127.0.0.1:8080/readyz" in commands("images")
