"""The whole stack in Docker Compose behind nginx, driven from outside as a person and an operator
would (`make test-compose`): images built (from Debian-made bases and the host's wheelhouse when
COMPOSE_OFFLINE=1, as here), every container healthy, then only through the proxy's port. The
project and its volumes are removed at the end; its logs are kept in .pulse/test-compose.log."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = "pulsetest"
OFFLINE = os.environ.get("COMPOSE_OFFLINE", "0")
SERVICES = {"postgres", "redis", "mlflow", "ml-service", "api", "dagster-webserver", "dagster-daemon", "frontend", "nginx"}
PER_ADDRESS_LOGINS = 8
OPS = ("ops", secrets.token_urlsafe(12))


@dataclass
class Stack:
    base: str
    env: dict[str, str]

    def make(self, *targets: str, check: bool = True, timeout: float = 1800, input: str | None = None, wrapper: tuple = ()) -> subprocess.CompletedProcess:
        command = [*wrapper, "make", "-s", f"COMPOSE_PROJECT={PROJECT}", f"COMPOSE_OFFLINE={OFFLINE}", *targets]
        done = subprocess.run(command, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout, input=input)
        if check and done.returncode != 0:
            pytest.fail(f"make {' '.join(targets)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def compose(self, *arguments: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
        files = ["-f", "docker-compose.yml"] + (["-f", "docker-compose.offline.yml"] if OFFLINE == "1" else [])
        command = ["docker-compose", "-p", PROJECT, *files, *arguments]
        return subprocess.run(command, cwd=REPO, env=self.env, check=check, capture_output=True, text=True, timeout=timeout)

    def health(self) -> dict[str, tuple[str, str]]:
        """`make health`: service -> (state, health)."""
        lines = self.make("health").stdout.split("\n")
        return {service: (state, health) for service, state, health in (line.split() for line in lines if line.strip())}

    def wait_healthy(self, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            health = self.health()
            if all(health.get(service, ("", ""))[1] == "healthy" for service in SERVICES):
                return
            if any(state in ("exited", "dead") for service, (state, _) in health.items() if service in SERVICES):
                break
            time.sleep(3)
        pytest.fail(f"the stack did not become healthy: {self.health()}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    htpasswd = tmp_path_factory.mktemp("ops") / "ops.htpasswd"
    hashed = subprocess.run(["openssl", "passwd", "-apr1", "-stdin"], input=OPS[1], capture_output=True, text=True, check=True).stdout.strip()
    htpasswd.write_text(f"{OPS[0]}:{hashed}\n")
    htpasswd.chmod(0o644)
    env = {
        **os.environ,
        "POSTGRES_PASSWORD": secrets.token_urlsafe(18),
        "REDIS_PASSWORD": secrets.token_urlsafe(18),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "PULSE_HTTP_PORT": str(_free_port()),
        "PULSE_SUBNET_PREFIX": "172.30.59",
        "MODEL_REFRESH_SECONDS": "3",
        "LOGIN_RATE_LIMIT_PER_IP": f"{PER_ADDRESS_LOGINS}/minute",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100/minute",
        "OPS_HTPASSWD": str(htpasswd),
        "PULSE_DEV_POSTGRES_PORT": str(_free_port()),
        "PULSE_DEV_REDIS_PORT": str(_free_port()),
    }
    running = Stack(f"http://127.0.0.1:{env['PULSE_HTTP_PORT']}", env)
    try:
        running.make("build", timeout=3600)
        running.make("up")
        running.wait_healthy()
        yield running
    finally:
        logs = running.compose("logs", "--no-color", "--timestamps", check=False)
        (REPO / ".pulse").mkdir(exist_ok=True)
        (REPO / ".pulse" / "test-compose.log").write_text(logs.stdout + logs.stderr)
        # Volumes go with the project only here: `make down` and `make clean` keep them.
        running.compose("down", "-v", "--remove-orphans", check=False)


@pytest.fixture(scope="module")
def person(stack):
    with httpx.Client(base_url=stack.base, timeout=30) as http:
        name = f"lifter_{uuid.uuid4().hex[:8]}"
        email = f"{name}@example.com"
        assert http.post("/api/auth/register", json={"email": email, "username": name, "password": "correct-horse-battery"}).status_code == 201
        token = http.post("/api/auth/login", data={"username": email, "password": "correct-horse-battery"}).json()["access_token"]
        yield {"email": email, "headers": {"Authorization": f"Bearer {token}"}}


def test_only_the_proxy_is_published_and_every_container_is_healthy(stack):
    assert {service for service, (_, health) in stack.health().items() if health == "healthy"} == SERVICES
    published = {}
    for container in stack.compose("ps", "-q").stdout.split():
        ports = subprocess.run(["docker", "port", container], capture_output=True, text=True, check=True).stdout.strip()
        name = subprocess.run(["docker", "inspect", "-f", '{{ index .Config.Labels "com.docker.compose.service" }}', container],
                              capture_output=True, text=True, check=True).stdout.strip()
        if ports:
            published[name] = ports
    assert set(published) == {"nginx"} and published["nginx"].startswith("80/tcp")
    status = stack.make("status").stdout
    assert all(f"{PROJECT}_{service}_1" in status for service in SERVICES)


def test_the_app_the_api_docs_and_the_ml_service_through_nginx(stack):
    with httpx.Client(base_url=stack.base, timeout=30) as http:
        assert '<meta name="pulse-api-prefix" content="/api" />' in http.get("/").text
        docs = http.get("/api/docs")
        assert docs.status_code == 200 and "/api/openapi.json" in docs.text
        assert http.get("/api/openapi.json").json()["servers"] == [{"url": "/api"}]
        ml = http.get("/ml/health")
        assert ml.json()["models"].keys() == {"exercise-recommender", "similar-users", "exercise-progression", "text-moderation"}
        health = http.get("/api/health").json()
        assert health["database"]["status"] == "ok" and health["cache"] == {"backend": "redis", "status": "ok"}
        assert health["models"]["backend"] == "http://ml-service:8001"
        # Not from outside: the metrics pages, and the ML service's writes.
        assert http.get("/api/metrics").status_code == 404 and http.post("/ml/models/reload").status_code == 403
        answer = http.get("/api/health", headers={"X-Request-ID": "from-outside"})
        assert answer.headers["x-request-id"] != "from-outside"  # the proxy names each request itself


def test_a_person_logs_a_workout_and_gets_recommendations(stack, person):
    with httpx.Client(base_url=stack.base, timeout=30, headers=person["headers"]) as http:
        squat = next(e for e in http.get("/api/exercises", params={"q": "squat", "limit": 5}).json()["items"])
        started = datetime.now(UTC) - timedelta(hours=2)
        workout = {
            "name": "Leg day", "status": "completed", "started_at": started.isoformat(), "completed_at": (started + timedelta(hours=1)).isoformat(),
            "exercises": [{"exercise_id": squat["id"], "sets": [{"reps": 5, "weight": 100}, {"reps": 5, "weight": 105}]}],
        }
        created = http.post("/api/workouts", json=workout)
        assert created.status_code == 201, created.text
        assert [w["id"] for w in http.get("/api/workouts").json()["items"]] == [created.json()["id"]]
        recommended = http.post("/api/recommendations/exercises", json={"k": 5})
        assert recommended.status_code == 200 and len(recommended.json()["items"]) == 5


def _login_status(http: httpx.Client, **headers) -> int:
    return http.post("/api/auth/login", data={"username": f"nobody_{uuid.uuid4().hex[:6]}@example.com", "password": "wrong-password"}, headers=headers).status_code


def test_the_login_limit_counts_each_client_behind_the_proxy_not_the_proxy(stack):
    with httpx.Client(base_url=stack.base, timeout=30) as http:
        # This client's budget (part of it spent by the earlier tests' logins), whatever address
        # it claims to forward for: all of them are this client's.
        statuses = [_login_status(http, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(PER_ADDRESS_LOGINS + 1)]
    first_refused = statuses.index(429)
    assert set(statuses[:first_refused]) == {401} and set(statuses[first_refused:]) == {429}
    # Another client (another container's address) still has all of its own.
    other = stack.compose("exec", "-T", "frontend", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                          "-d", "username=someone@example.com&password=wrong-password", "http://nginx/api/auth/login")
    assert other.stdout.strip() == "401"


def champions_served(http: httpx.Client, names: tuple[str, ...], seconds: float = 180) -> dict:
    """/ml/health once it serves a champion of each named model, or when `seconds` are up: the ML
    service picks up new champions on its refresh (60 s), which may fall between two of them."""
    deadline = time.monotonic() + seconds
    while True:
        answer = http.get("/ml/health")
        served = answer.json() if answer.status_code == 200 else {}
        if all((served.get("models") or {}).get(name) for name in names) or time.monotonic() > deadline:
            return served
        time.sleep(2)


def test_training_inside_the_stack_is_served_without_a_restart(stack, person):
    stack.compose("exec", "-T", "api", "pulse", "generate", "--users", "40", "--days", "60", "--seed", "11")
    trained = stack.make("ml-train", timeout=1800)
    assert "train_recommenders" in trained.stdout + trained.stderr
    with httpx.Client(base_url=stack.base, timeout=30, headers=person["headers"]) as http:
        served = champions_served(http, ("exercise-recommender", "text-moderation"))
        assert served["status"] == "ready" and served["models"]["exercise-recommender"] and served["models"]["text-moderation"]
        answer = http.post("/api/recommendations/exercises", json={"k": 5}).json()
        assert answer["model"]["source"] == "model" and answer["model"]["version"] == served["models"]["exercise-recommender"]
        # A first administrator, made on the command line, can start training from the API.
        assert http.post("/api/models/train").status_code == 403
        stack.compose("exec", "-T", "api", "pulse", "users", "grant-admin", person["email"])
        # The administrator's analytics: the API asks the ML service, which reads the marts.
        daily = http.get("/api/analytics/daily-active", params={"days": 3660})
        assert daily.status_code == 200 and daily.json()["source"] == "marts.community_daily"
        assert sum(r["active_lifters"] for r in daily.json()["rows"]) > 0
        run_id = http.post("/api/models/train").json()["run_id"]
        deadline = time.monotonic() + 1200
        while (state := http.get(f"/api/models/train/{run_id}").json()["status"]) not in ("SUCCESS", "FAILURE") and time.monotonic() < deadline:
            time.sleep(5)
        assert state == "SUCCESS"


DAGSTER_STATE = """{
  instance { daemonHealth { allDaemonStatuses { daemonType healthy } } }
  repositoriesOrError { ... on RepositoryConnection { nodes {
    schedules { name scheduleState { status } } sensors { name sensorState { status } } } } }
  runsOrError(filter: {tags: [{key: "dagster/sensor_name", value: "new_app_data_sensor"}]}) { ... on Runs { results { runId } } }
}"""


def test_the_dagster_and_mlflow_uis_behind_basic_auth_show_the_stack_at_work(stack):
    with httpx.Client(base_url=stack.base, timeout=60) as http:
        assert http.get("/dagster/").status_code == 401 and http.get("/mlflow/").status_code == 401
        assert http.get("/dagster/", auth=(OPS[0], "wrong")).status_code == 401
        state = http.post("/dagster/graphql", json={"query": DAGSTER_STATE}, auth=OPS).json()["data"]
        daemons = {d["daemonType"]: d["healthy"] for d in state["instance"]["daemonHealth"]["allDaemonStatuses"]}
        assert daemons["SCHEDULER"] and daemons["SENSOR"]
        repository = state["repositoriesOrError"]["nodes"][0]
        assert {s["scheduleState"]["status"] for s in repository["schedules"]} == {"RUNNING"}
        assert {s["sensorState"]["status"] for s in repository["sensors"]} == {"RUNNING"}
        # The new people of the training test woke the sensor, which the daemon ran.
        assert state["runsOrError"]["results"]
        models = http.get("/mlflow/api/2.0/mlflow/registered-models/search", auth=OPS).json()["registered_models"]
        recommender = next(m for m in models if m["name"] == "exercise-recommender")
        assert "champion" in {alias["alias"] for alias in recommender.get("aliases", [])}


def test_restarting_the_api_and_postgres_loses_nothing(stack, person):
    with httpx.Client(base_url=stack.base, timeout=30, headers=person["headers"]) as http:
        before = http.get("/api/workouts", params={"include": "sets"}).json()
        version = http.get("/ml/health").json()["models"]["exercise-recommender"]
    stack.make("restart", "SERVICE=postgres api")
    stack.wait_healthy()
    with httpx.Client(base_url=stack.base, timeout=30, headers=person["headers"]) as http:
        assert http.get("/api/workouts", params={"include": "sets"}).json() == before
        assert http.post("/api/auth/login", data={"username": person["email"], "password": "correct-horse-battery"}).status_code == 200
        assert http.post("/api/recommendations/exercises", json={"k": 3}).json()["model"]["version"] == version


def test_the_makefile_targets_drive_the_stack(stack, person):
    for target in ("backend", "ml", "frontend"):  # already up: each leaves its services running
        stack.make(target)
    assert person["email"] in stack.make("db", input="SELECT email FROM app.users;\n").stdout
    # logs follows until stopped
    logs = stack.make("logs", "SERVICE=api", check=False, wrapper=("timeout", "5"))
    assert '"logger": "pulse.request"' in logs.stdout

    # down keeps the volumes: the next up finds everything.
    stack.make("down")
    assert stack.compose("ps", "-q").stdout.strip() == ""
    stack.make("up")
    stack.wait_healthy()
    with httpx.Client(base_url=stack.base, timeout=30, headers=person["headers"]) as http:
        assert [w["name"] for w in http.get("/api/workouts").json()["items"]] == ["Leg day"]

    # Development: the source mounted and the databases on loopback ports, where this checkout's
    # tests can use them; then production again.
    stack.make("dev-build", "dev-up")
    stack.wait_healthy()
    mounted = stack.compose("exec", "-T", "api", "sh", "-c", "test -f /app/tests/compose/test_stack.py && echo mounted")
    assert mounted.stdout.strip() == "mounted"
    backend = stack.make("test-backend", "PYTEST_ARGS=-k 'test_register_login_and_profile or test_health_reports_database_and_cache'")
    assert " 2 passed" in backend.stdout
    ml = stack.make("test-ml", "PYTEST_ARGS=-k test_model_endpoints_without_models_and_admin_rights")
    assert " 1 passed" in ml.stdout
    stack.make("prod-build", "prod-up")
    stack.wait_healthy()
    assert stack.compose("port", "postgres", "5432", check=False).stdout.strip() in ("", ":0")

    # clean: the containers and the images built here go, the data stays for a later build.
    assert "removed pulse/app:latest" in stack.make("clean").stdout
    assert stack.compose("ps", "-q").stdout.strip() == ""
    volumes = subprocess.run(["docker", "volume", "ls", "-q"], capture_output=True, text=True, check=True).stdout.split()
    assert f"{PROJECT}_pgdata" in volumes
