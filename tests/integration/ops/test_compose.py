"""docker-compose.yml and .env.example, checked without a Docker engine."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.integration.ops.files import COMPOSE, compose, env_example, run, service, tool

SERVICES = {
    "minio",
    "minio-init",
    "postgres",
    "redis",
    "migrate",
    "api",
    "worker",
    "web",
    "prometheus",
    "grafana",
    "alertmanager",
    "postgres-exporter",
    "node-exporter",
    "jaeger",
}
ONE_SHOT = {"minio-init", "migrate"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN")
REQUIRED_VARIABLE = re.compile(r"\$\{[A-Z0-9_]+:\?[^}]*\}")
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)")


def environments() -> list[object]:
    """(service, name, value) of every environment variable the services get."""
    return [
        pytest.param(name, key, str(value), id=f"{name}-{key}")
        for name, definition in compose()["services"].items()
        for key, value in definition.get("environment", {}).items()
    ]


def test_compose_file_follows_the_compose_specification() -> None:
    checker = tool("check-jsonschema")

    result = run(checker, "--builtin-schema", "vendor.compose-spec", str(COMPOSE))

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stack_has_every_service() -> None:
    assert set(compose()["services"]) == SERVICES


@pytest.mark.parametrize("name", sorted(SERVICES - ONE_SHOT))
def test_long_running_services_report_their_health(name: str) -> None:
    definition = service(name)

    assert definition["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}
    assert definition["restart"] == "unless-stopped"


def test_health_means_ready_for_the_api_and_accepting_connections_for_postgres() -> None:
    assert "http://127.0.0.1:8000/readyz" in " ".join(service("api")["healthcheck"]["test"])
    assert "pg_isready" in " ".join(service("postgres")["healthcheck"]["test"])


def test_services_start_in_order() -> None:
    conditions = {
        name: {dep: spec["condition"] for dep, spec in definition.get("depends_on", {}).items()}
        for name, definition in compose()["services"].items()
    }

    assert {name: deps for name, deps in conditions.items() if deps} == {
        "minio-init": {"minio": "service_healthy"},
        "migrate": {"postgres": "service_healthy"},
        "api": {
            "migrate": "service_completed_successfully",
            "minio-init": "service_completed_successfully",
            "redis": "service_healthy",
        },
        "worker": {
            "migrate": "service_completed_successfully",
            "minio-init": "service_completed_successfully",
        },
        "web": {"api": "service_healthy"},
        "grafana": {"prometheus": "service_healthy"},
        "postgres-exporter": {"postgres": "service_healthy"},
    }


@pytest.mark.parametrize("name", sorted(ONE_SHOT))
def test_one_shot_services_run_once(name: str) -> None:
    assert service(name)["restart"] == "no"


def test_migrate_runs_alembic_and_has_no_healthcheck() -> None:
    migrate = service("migrate")

    assert migrate["command"][:2] == ["sh", "-c"]
    assert migrate["command"][2].startswith("gridlens db upgrade && ")
    assert migrate["healthcheck"] == {"disable": True}


def test_api_and_worker_and_migrate_share_the_backend_image() -> None:
    backend = [service(name) for name in ("api", "worker", "migrate")]

    assert {(s["image"], s["build"]["dockerfile"]) for s in backend} == {
        ("${GRIDLENS_IMAGE:-gridlens:local}", "Dockerfile")
    }
    assert service("web")["build"]["dockerfile"] == "docker/web.Dockerfile"
    assert [s["command"] for s in backend[:2]] == [["gridlens", "serve"], ["gridlens", "worker"]]


def test_the_api_can_run_as_several_replicas() -> None:
    api = service("api")

    assert api["deploy"]["replicas"] == "${GRIDLENS_API_REPLICAS:-2}"
    assert "ports" not in api
    assert "container_name" not in api
    assert api["environment"]["GRIDLENS_WORKERS"] == "1"


def test_web_proxies_to_the_api_service() -> None:
    web = service("web")

    assert web["environment"]["GRIDLENS_API_UPSTREAM"] == "api:8000"
    assert service("api")["expose"] == ["8000"]
    assert web["ports"] == ["${GRIDLENS_BIND:-127.0.0.1}:${GRIDLENS_WEB_PORT:-8080}:8080"]


def test_published_ports_bind_to_one_configurable_address() -> None:
    published = [
        port
        for definition in compose()["services"].values()
        for port in definition.get("ports", [])
    ]

    assert published
    assert all(port.startswith("${GRIDLENS_BIND:-127.0.0.1}:") for port in published)


def test_postgres_minio_prometheus_and_grafana_keep_data_in_named_volumes() -> None:
    volumes = set(compose()["volumes"])
    mounted = {
        name: {str(v).split(":")[0] for v in service(name)["volumes"]}
        for name in ("postgres", "minio", "prometheus", "grafana", "alertmanager")
    }

    assert mounted["postgres"] == {"postgres-data"}
    assert mounted["minio"] == {"minio-data"}
    assert volumes == {
        "postgres-data",
        "minio-data",
        "prometheus-data",
        "grafana-data",
        "alertmanager-data",
    }
    assert all(any(v in volumes for v in sources) for sources in mounted.values())


def test_bind_mounted_files_are_in_the_repository() -> None:
    sources = [
        str(volume).split(":")[0]
        for definition in compose()["services"].values()
        for volume in definition.get("volumes", [])
        if str(volume).startswith("./")
    ]

    assert sources
    assert [s for s in sources if not (ROOT / s).exists()] == []


def test_images_from_elsewhere_are_pinned() -> None:
    images = [
        definition["image"]
        for definition in compose()["services"].values()
        if "build" not in definition
    ]

    assert images
    for image in images:
        tag = image.rsplit(":", 1)[1] if ":" in image else "latest"
        assert tag != "latest", image


@pytest.mark.parametrize(("name", "key", "value"), environments())
def test_no_secret_is_written_in_the_compose_file(name: str, key: str, value: str) -> None:
    if SECRET_NAME.search(key):
        assert REQUIRED_VARIABLE.fullmatch(value), f"{name}: {key} must be ${{VAR:?...}}"
    credentials = re.search(r"://[^/@:]*:([^/@]*)@", REQUIRED_VARIABLE.sub("{variable}", value))
    if credentials:
        assert credentials.group(1) == "{variable}", f"{name}: {key} has a password in it"


def test_no_secret_has_a_default() -> None:
    defaulted = re.findall(r"\$\{([A-Z0-9_]+):?-", COMPOSE.read_text())

    assert defaulted
    assert [name for name in defaulted if SECRET_NAME.search(name)] == []


def test_every_variable_is_explained_in_env_example() -> None:
    used = set(VARIABLE.findall(COMPOSE.read_text()))

    assert used - set(env_example()) == set()


def test_env_example_leaves_every_secret_empty() -> None:
    secrets = {key: value for key, value in env_example().items() if SECRET_NAME.search(key)}

    assert set(secrets) >= {
        "POSTGRES_PASSWORD",
        "MINIO_ROOT_PASSWORD",
        "GRIDLENS_S3_SECRET_KEY",
        "GRIDLENS_JWT_SECRET",
        "GRIDLENS_ADMIN_PASSWORD",
        "GRAFANA_ADMIN_PASSWORD",
    }
    assert {key: value for key, value in secrets.items() if value} == {}


def test_git_ignores_env_but_keeps_env_example() -> None:
    ignored = run("git", "check-ignore", ".env", ".env.example")

    assert ignored.stdout.split() == [".env"]


def test_minio_init_script_passes_shellcheck() -> None:
    result = run(tool("shellcheck"), "--shell=sh", "docker/minio-init.sh")

    assert result.returncode == 0, result.stdout


def test_minio_posts_new_csvs_events_to_the_api_with_the_shared_secret() -> None:
    from gridlens.api.routers.events import router

    minio = service("minio")["environment"]
    secret = "${GRIDLENS_EVENTS_SECRET:?set GRIDLENS_EVENTS_SECRET in .env}"
    script = (ROOT / "docker" / "minio-init.sh").read_text()

    assert minio["MINIO_NOTIFY_WEBHOOK_ENABLE_GRIDLENS"] == "on"
    assert minio["MINIO_NOTIFY_WEBHOOK_ENDPOINT_GRIDLENS"] == (
        f"http://api:8000{router.routes[0].path}"  # type: ignore[attr-defined]
    )
    assert minio["MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_GRIDLENS"] == secret
    assert service("api")["environment"]["GRIDLENS_EVENTS_SECRET"] == secret
    assert minio["MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_GRIDLENS"].startswith("/data/")
    assert (
        'mc event add "local/$bucket" arn:minio:sqs::GRIDLENS:webhook --event put \\\n'
        "       --prefix egrid/ --suffix .csv" in script
    )


def test_the_backend_sends_traces_to_jaeger_unless_told_otherwise() -> None:
    for name in ("api", "worker", "migrate"):
        endpoint = service(name)["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"]
        assert endpoint == "${GRIDLENS_OTLP_ENDPOINT-http://jaeger:4318}"
    assert service("jaeger")["expose"] == ["4318"]
    assert service("jaeger")["environment"]["COLLECTOR_OTLP_ENABLED"] == "true"
    assert env_example()["GRIDLENS_OTLP_ENDPOINT"] == "http://jaeger:4318"
