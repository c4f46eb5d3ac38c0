"""deploy/: the Kubernetes manifests against the API's schemas, the Terraform sketch's shape."""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.integration.ops.files import (
    K8S,
    TERRAFORM,
    k8s_object,
    k8s_resources,
    library,
    run,
)

# The oldest Kubernetes still commonly run by managed services; newer ones accept the same.
KUBERNETES = "1.30.0"
NAMESPACE = "gridlens"
BACKEND_DEPLOYMENTS = {"gridlens-api": "http", "gridlens-worker": "metrics"}


def pod_spec(resource: dict[str, Any]) -> dict[str, Any]:
    return dict(resource["spec"]["template"]["spec"])


def workloads() -> list[dict[str, Any]]:
    return [r for r in k8s_resources() if r["kind"] in {"Deployment", "Job"}]


@pytest.mark.parametrize(
    "resource",
    k8s_resources(),
    ids=lambda r: f"{r['kind']}/{r['metadata']['name']}",
)
def test_manifest_is_valid_for_kubernetes(resource: dict[str, Any]) -> None:
    library("kubernetes_validate", "kubernetes-validate").validate(
        resource, KUBERNETES, strict=True
    )

    assert resource["metadata"].get("namespace", NAMESPACE) == NAMESPACE


def test_strict_validation_rejects_an_unknown_field() -> None:
    broken = {**k8s_object("Service", "gridlens-api"), "spek": {}}

    validator = library("kubernetes_validate", "kubernetes-validate")

    with pytest.raises(validator.ValidationError):
        validator.validate(broken, KUBERNETES, strict=True)


def test_kustomization_applies_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}

    assert sorted(kustomization["resources"]) == sorted(manifests)
    assert kustomization["namespace"] == NAMESPACE
    assert {image["name"] for image in kustomization["images"]} == {
        container["image"] for r in workloads() for container in pod_spec(r)["containers"]
    }


def test_every_kind_the_issue_asks_for_is_there() -> None:
    kinds = {(r["kind"], r["metadata"]["name"]) for r in k8s_resources()}

    assert kinds >= {
        ("Deployment", "gridlens-api"),
        ("Deployment", "gridlens-worker"),
        ("Deployment", "gridlens-web"),
        ("Job", "gridlens-migrate"),
        ("HorizontalPodAutoscaler", "gridlens-api"),
        ("Service", "gridlens-api"),
        ("Service", "gridlens-web"),
        ("Ingress", "gridlens"),
        ("ConfigMap", "gridlens-config"),
    }


@pytest.mark.parametrize(("name", "port"), sorted(BACKEND_DEPLOYMENTS.items()))
def test_backend_probes_ask_healthz_for_liveness_and_readyz_for_readiness(
    name: str, port: str
) -> None:
    (container,) = pod_spec(k8s_object("Deployment", name))["containers"]

    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": port}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port}
    assert port in {p["name"] for p in container["ports"]}


def test_the_migration_job_runs_alembic_once() -> None:
    job = k8s_object("Job", "gridlens-migrate")
    (container,) = pod_spec(job)["containers"]

    assert container["command"][2].startswith("gridlens db upgrade")
    assert pod_spec(job)["restartPolicy"] == "OnFailure"


def test_the_autoscaler_scales_the_api_from_two() -> None:
    hpa = k8s_object("HorizontalPodAutoscaler", "gridlens-api")["spec"]

    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "gridlens-api",
    }
    assert hpa["minReplicas"] == 2
    assert hpa["maxReplicas"] > hpa["minReplicas"]
    assert pod_spec(k8s_object("Deployment", "gridlens-api"))["containers"][0]["resources"][
        "requests"
    ]["cpu"]


@pytest.mark.parametrize("name", ["gridlens-api", "gridlens-web"])
def test_services_reach_their_pods_by_a_named_port(name: str) -> None:
    service = k8s_object("Service", name)["spec"]
    deployment = k8s_object("Deployment", name)
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    ports = {p["name"] for c in pod_spec(deployment)["containers"] for p in c["ports"]}

    assert service["selector"].items() <= labels.items()
    assert {p["targetPort"] for p in service["ports"]} <= ports


def test_the_ingress_sends_everything_to_the_web_service() -> None:
    (rule,) = k8s_object("Ingress", "gridlens")["spec"]["rules"]
    (path,) = rule["http"]["paths"]

    assert (path["path"], path["pathType"]) == ("/", "Prefix")
    assert path["backend"]["service"] == {"name": "gridlens-web", "port": {"name": "http"}}
    web = pod_spec(k8s_object("Deployment", "gridlens-web"))["containers"][0]
    assert web["env"] == [
        {"name": "GRIDLENS_API_UPSTREAM", "value": "gridlens-api.gridlens.svc.cluster.local:8000"}
    ]


@pytest.mark.parametrize(
    "resource", workloads(), ids=lambda r: f"{r['kind']}/{r['metadata']['name']}"
)
def test_pods_meet_the_restricted_security_standard(resource: dict[str, Any]) -> None:
    spec = pod_spec(resource)

    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    for container in spec["containers"]:
        assert container["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        assert container["resources"]["limits"]["memory"]


def test_backend_pods_take_settings_from_the_config_map_and_documented_secrets() -> None:
    documented = (ROOT / "deploy" / "README.md").read_text()
    sources = {
        r["metadata"]["name"]: [
            (kind, ref["name"]) for source in c.get("envFrom", []) for kind, ref in source.items()
        ]
        for r in workloads()
        for c in pod_spec(r)["containers"]
    }
    shared = [("configMapRef", "gridlens-config"), ("secretRef", "gridlens-secrets")]

    assert sources == {
        "gridlens-api": shared,
        "gridlens-worker": shared,
        "gridlens-migrate": [*shared, ("secretRef", "gridlens-admin")],
        "gridlens-web": [],
    }
    for secret in ("gridlens-secrets", "gridlens-admin"):
        assert f"kubectl --namespace gridlens create secret generic {secret}" in documented


@cache
def terraform() -> dict[str, dict[str, Any]]:
    """Each .tf file parsed, so a syntax error fails here with the file's name."""
    hcl2 = library("hcl2", "python-hcl2")
    return {path.name: hcl2.loads(path.read_text()) for path in sorted(TERRAFORM.glob("*.tf"))}


def _name(key: str) -> str:
    return key.strip('"')


def declared() -> dict[str, set[str]]:
    """Names the sketch declares: variables, locals, resources and data sources."""
    names: dict[str, set[str]] = {"var": set(), "local": set(), "resource": set(), "data": set()}
    for parsed in terraform().values():
        for block in parsed.get("variable", []):
            names["var"] |= {_name(key) for key in block}
        for block in parsed.get("locals", []):
            names["local"] |= {_name(key) for key in block if not key.startswith("__")}
        for kind in ("resource", "data"):
            for block in parsed.get(kind, []):
                for rtype, instances in block.items():
                    names[kind] |= {f"{_name(rtype)}.{_name(name)}" for name in instances}
    return names


def test_terraform_is_formatted() -> None:
    binary = shutil.which("terraform")
    if not binary:
        # No registry this project may use ships terraform; .github/workflows/ci.yml installs it.
        pytest.skip("terraform is not installed: `terraform fmt -check` not run")
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}
    result = run(binary, "fmt", "-check", "-diff", str(TERRAFORM), env=env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_terraform_sketch_has_s3_rds_and_ecs_fargate() -> None:
    resources = declared()["resource"]

    assert {
        "aws_s3_bucket.data",
        "aws_db_instance.main",
        "aws_ecs_cluster.main",
        "aws_ecs_service.api",
        "aws_ecs_service.worker",
        "aws_ecs_service.web",
        "aws_ecs_task_definition.migrate",
        "aws_appautoscaling_target.api",
        "aws_lb.main",
    } <= resources


def test_every_terraform_reference_is_declared_and_every_variable_used() -> None:
    text = "\n".join(path.read_text() for path in sorted(TERRAFORM.glob("*.tf")))
    names = declared()
    used_vars = set(re.findall(r"\bvar\.([a-z0-9_]+)", text))
    used_locals = set(re.findall(r"\blocal\.([a-z0-9_]+)", text))
    used_data = set(re.findall(r"\bdata\.([a-z0-9_]+\.[a-z0-9_]+)", text))
    used_resources = set(re.findall(r"(?<![\w.])((?:aws|random)_[a-z0-9_]+\.[a-z0-9_]+)", text))

    assert used_vars == names["var"]
    assert used_locals - names["local"] == set()
    assert used_data - names["data"] == set()
    assert used_resources - names["resource"] == set()


def terraform_resource(rtype: str, name: str) -> dict[str, Any]:
    (found,) = [
        body
        for parsed in terraform().values()
        for block in parsed.get("resource", [])
        for block_type, instances in block.items()
        if _name(block_type) == rtype
        for block_name, body in instances.items()
        if _name(block_name) == name
    ]
    return dict(found)


def test_database_is_private_encrypted_and_kept() -> None:
    database = terraform_resource("aws_db_instance", "main")

    assert database["publicly_accessible"] is False
    assert database["storage_encrypted"] is True
    assert database["deletion_protection"] is True
    assert database["password"] == "${random_password.db.result}"


def terraform_data(dtype: str, name: str) -> dict[str, Any]:
    (found,) = [
        body
        for parsed in terraform().values()
        for block in parsed.get("data", [])
        for block_type, instances in block.items()
        if _name(block_type) == dtype
        for block_name, body in instances.items()
        if _name(block_name) == name
    ]
    return dict(found)


def test_new_csvs_in_the_bucket_notify_a_queue_with_a_dead_letter_queue() -> None:
    (queue,) = terraform_resource("aws_s3_bucket_notification", "data")["queue"]
    events = terraform_resource("aws_sqs_queue", "events")
    (sender,) = terraform_data("aws_iam_policy_document", "bucket_sends_events")["statement"]

    assert queue["queue_arn"] == "${aws_sqs_queue.events.arn}"
    assert [_name(e) for e in queue["events"]] == ["s3:ObjectCreated:*"]
    assert (_name(queue["filter_prefix"]), _name(queue["filter_suffix"])) == ("egrid/", ".csv")
    assert events["redrive_policy"] == (
        "${jsonencode({deadLetterTargetArn = aws_sqs_queue.events_dead_letter.arn, "
        "maxReceiveCount = 5})}"
    )
    assert events["visibility_timeout_seconds"] == 300
    assert [_name(a) for a in sender["actions"]] == ["sqs:SendMessage"]
    assert sender["condition"][0]["values"] == ["${aws_s3_bucket.data.arn}"]


def test_only_the_worker_may_consume_the_queue_and_is_told_where_it_is() -> None:
    (consume,) = terraform_data("aws_iam_policy_document", "consume_events")["statement"]
    backend = terraform_resource("aws_ecs_task_definition", "backend")
    policies = {
        _name(name): body["role"]
        for parsed in terraform().values()
        for block in parsed.get("resource", [])
        for block_type, instances in block.items()
        if _name(block_type) == "aws_iam_role_policy"
        for name, body in instances.items()
    }
    ecs = (TERRAFORM / "ecs.tf").read_text()

    assert sorted(_name(a) for a in consume["actions"]) == [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
    ]
    assert consume["resources"] == ["${aws_sqs_queue.events.arn}"]
    assert {name: role for name, role in policies.items() if "events" in name} == {
        "worker_events": "${aws_iam_role.worker.id}"
    }
    assert backend["task_role_arn"] == (
        '${each.key == "worker" ? aws_iam_role.worker.arn : aws_iam_role.task.arn}'
    )
    assert '{ name = "GRIDLENS_SQS_QUEUE_URL", value = aws_sqs_queue.events.url }' in ecs
