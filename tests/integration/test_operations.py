"""What operators see of a running API and ML service: the /api prefix of a reverse proxy, the
Prometheus page, one JSON log line per request with a request id that crosses to the ML service,
and health answers that say which models are served."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import ApiUser, free_port, make_settings, serve_api, wait_until_healthy
from fastapi.testclient import TestClient

from api.main import create_app


def _count(metrics: str, name: str, **labels) -> float:
    """The value of one sample on a Prometheus page (0 when it is not there yet)."""
    for line in metrics.splitlines():
        if line.startswith(name + "{"):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line[len(name) : line.rindex("} ")]))
            if all(found.get(key) == value for key, value in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_the_api_answers_under_a_proxy_prefix_and_at_the_root(database_url):
    settings = make_settings(root_path="/api")
    with TestClient(create_app(settings, database_url=database_url.render_as_string(hide_password=False))) as client:
        assert client.get("/api/health").status_code == 200 and client.get("/health").status_code == 200
        # The docs page loads the document through the proxy's prefix, and the document names it.
        assert "/api/openapi.json" in client.get("/api/docs").text
        assert client.get("/api/openapi.json").json()["servers"] == [{"url": "/api"}]
        me = ApiUser(client, "prefixed")
        assert me.get("/api/users/me").json()["id"] == me.id


def test_metrics_count_requests_by_route_template_and_status(client, make_user):
    me = make_user("counted")
    before = client.get("/metrics").text
    for missing in (10**6, 10**6 + 1):
        assert me.get(f"/workouts/{missing}").status_code == 404
    page = client.get("/metrics")
    assert page.headers["content-type"].startswith("text/plain")
    labels = {"service": "api", "method": "GET", "route": "/workouts/{workout_id}", "status": "404"}
    assert _count(page.text, "pulse_http_requests_total", **labels) == _count(before, "pulse_http_requests_total", **labels) + 2
    assert _count(page.text, "pulse_http_request_duration_seconds_count", service="api", route="/workouts/{workout_id}") >= 2
    assert _count(page.text, "pulse_db_pool_connections", state="size") >= 1
    # Not part of the API's public document.
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def _serve_ml(port: int, log, **env) -> subprocess.Popen:
    pulse = Path(sys.executable).parent / "pulse"
    process = subprocess.Popen([str(pulse), "serve", "ml", "--port", str(port)], env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)
    assert wait_until_healthy(f"http://127.0.0.1:{port}", process, path="/health/live"), "the ML service did not start"
    return process


def _json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def test_request_ids_cross_from_the_api_to_the_ml_service_in_json_logs(database_url, tmp_path):
    ml_port, api_port = free_port(), free_port()
    ml_log, api_log = tmp_path / "ml.log", tmp_path / "api.log"
    # An empty model registry: the service is up, but has nothing to serve.
    with open(ml_log, "w") as ml_err, open(api_log, "w") as api_err:
        ml = _serve_ml(ml_port, ml_err, MLFLOW_TRACKING_URI=f"sqlite:///{tmp_path / 'mlflow.db'}", LOG_LEVEL="info")
        api = None
        try:
            ml_health = httpx.get(f"http://127.0.0.1:{ml_port}/health")
            assert ml_health.status_code == 503 and ml_health.json()["status"] == "no_models"
            assert set(ml_health.json()["models"]) == {"exercise-recommender", "similar-users", "exercise-progression", "text-moderation"}
            api = serve_api(database_url, api_port, "--workers", "2", stderr=api_err, ML_SERVICE_URL=f"http://127.0.0.1:{ml_port}", LOG_LEVEL="info")
            base = f"http://127.0.0.1:{api_port}"
            with httpx.Client(base_url=base) as http:
                me = ApiUser(http, "traced")
                answer = http.post("/recommendations/exercises", json={"k": 3}, headers={**me.headers, "X-Request-ID": "trace-0001"})
                assert answer.status_code == 200 and answer.json()["model"]["source"] == "popularity_fallback"
                assert answer.headers["x-request-id"] == "trace-0001"
                assert http.get("/openapi.json").headers["x-request-id"]  # made here when none was given
                health = http.get("/health").json()
                assert health["models"] == {"backend": f"http://127.0.0.1:{ml_port}", "status": "no_models", "models": ml_health.json()["models"]}
                # Two workers count in their own processes; the page any of them answers adds both up.
                for _ in range(12):
                    assert http.get("/exercises", params={"limit": 1}).status_code == 200
                metrics = http.get("/metrics").text
            assert _count(metrics, "pulse_http_requests_total", route="/exercises", status="200") == 12
        finally:
            for process in (api, ml):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
    api_lines = [line for line in _json_lines(api_log) if line.get("request_id") == "trace-0001"]
    ml_lines = [line for line in _json_lines(ml_log) if line.get("request_id") == "trace-0001"]
    assert {(line["route"], line["status"]) for line in api_lines if line["logger"] == "pulse.request"} == {("/recommendations/exercises", 200)}
    assert ("/ml/recommend", 503) in {(line["route"], line["status"]) for line in ml_lines if line["logger"] == "pulse.request"}
    assert all({"time", "level", "logger", "message", "duration_ms"} <= set(line) for line in api_lines if line["logger"] == "pulse.request")


def test_log_lines_follow_log_level(tmp_path):
    port = free_port()
    with open(tmp_path / "ml.log", "w") as log:
        ml = _serve_ml(port, log, MLFLOW_TRACKING_URI=f"sqlite:///{tmp_path / 'mlflow.db'}", LOG_LEVEL="warning")
        try:
            for _ in range(3):
                httpx.get(f"http://127.0.0.1:{port}/health/live")
            time.sleep(0.5)
        finally:
            ml.terminate()
            ml.wait(timeout=30)
    lines = _json_lines(tmp_path / "ml.log")
    assert not [line for line in lines if line["logger"] == "pulse.request"]
    assert all(line["level"] in {"WARNING", "ERROR", "CRITICAL"} for line in lines)


def test_dagster_keeps_its_runs_in_postgresql_when_asked(server_url, tmp_path):
    import uuid

    from conftest import fresh_database
    from dagster import DagsterInstance, DagsterRun

    from pulse.dagster_home import ensure_dagster_home
    from pulse.database import drop_database

    url = fresh_database(server_url, "pulse_test_dagster_storage")
    try:
        # The URL as a person writes it (psycopg 3's driver name); Dagster's storage uses its own.
        settings = make_settings(pulse_home=tmp_path, dagster_postgres_url=url.render_as_string(hide_password=False))
        home = ensure_dagster_home(settings)
        assert "postgres" in (home / "dagster.yaml").read_text()
        run_id = str(uuid.uuid4())
        with DagsterInstance.from_config(str(home)) as instance:
            run = instance.add_run(DagsterRun(job_name="storage_check", run_id=run_id))
            instance.report_engine_event("kept in PostgreSQL", run)  # event storage NOTIFYs listeners
        with DagsterInstance.from_config(str(home)) as again:
            assert again.get_run_by_id(run_id).job_name == "storage_check"
            assert [entry.message for entry in again.all_logs(run_id)] == ["kept in PostgreSQL"]
    finally:
        drop_database(url)
