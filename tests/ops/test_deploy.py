"""The deployment files: the Compose file is valid against the Compose Specification's schema, the Kubernetes
manifests parse and run Sportello non-root with health and readiness probes, the image file keeps its promises."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"


def _compose_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))


def test_compose_file_is_valid_and_has_every_role():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    _compose_validator().validate(compose)
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "web-1", "web-2", "worker", "sender"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["sender"]["command"] == ["worker", "--only", "outbox,campaigns"]
    for name in ("web-1", "web-2", "worker", "sender"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert services[name]["volumes"] == ["data:/data"]  # keys and media live together, backed up together


def test_the_schema_catches_a_mistake():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    compose["services"]["worker"]["restart_policy"] = "always"  # belongs under deploy:, not here
    assert list(_compose_validator().iter_errors(compose))


def test_compose_roles_exist_in_the_cli():
    from sportello.cli import ROLES

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for service in compose["services"].values():
        command = service.get("command") or []
        if "--only" in command:
            assert set(command[command.index("--only") + 1].split(",")) <= set(ROLES)


def _documents() -> list[dict]:
    return [doc for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text())]


def _pods() -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc["spec"]["template"]["spec"] for doc in _documents()
            if doc["kind"] in ("Deployment", "Job")}


def test_kubernetes_manifests():
    kinds = {(doc["kind"], doc["metadata"]["name"]) for doc in _documents()}
    assert {("Deployment", "sportello-web"), ("Deployment", "sportello-worker"), ("Deployment", "sportello-sender"),
            ("Service", "sportello-web"), ("Secret", "sportello-keys"), ("PersistentVolumeClaim", "sportello-data"),
            ("Job", "sportello-migrate")} <= kinds
    for name, pod in _pods().items():
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0, name
        for container in pod["containers"]:
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert {"secretRef": {"name": "sportello-keys"}} in container["envFrom"], name
        assert {"name": "data", "persistentVolumeClaim": {"claimName": "sportello-data"}} in pod["volumes"], name
    web = _pods()["sportello-web"]["containers"][0]
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for name in ("sportello-worker", "sportello-sender"):
        assert "livenessProbe" in _pods()[name]["containers"][0]


def test_containerfile_runs_non_root_with_a_health_check():
    text = (DEPLOY / "Containerfile").read_text()
    assert "\nUSER 10001" in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'ENTRYPOINT ["sportello"]' in text
    assert "collectstatic" in text
