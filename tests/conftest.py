"""Fixtures: a throwaway database on real PostgreSQL (PULSE_TEST_DATABASE_URL's server, else the
embedded one), migrated with Alembic and loaded with the exercise library, and the API on it."""

import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session

from api.core.db import make_sessionmaker
from api.exercises.library import load_library
from api.main import create_app
from pulse.database import drop_database, ensure_database, resolve_database_url, sqlalchemy_url
from pulse.migrations import migrate
from pulse.settings import Settings

TEST_SECRET = "test-secret-key-not-for-production"
# Tests never touch the repository's mlruns/: an MLflow store of their own (empty: no models).
TEST_MLFLOW_URI = f"sqlite:///{tempfile.mkdtemp(prefix='pulse-test-mlflow-')}/mlflow.db"


def make_settings(**overrides) -> Settings:
    values = {
        "secret_key": TEST_SECRET, "debug": False, "database_url": None, "redis_url": None,
        "mlflow_tracking_uri": TEST_MLFLOW_URI,
        # Tests ask for the champions right after the start: wait for them (a test of its own
        # covers the background start).
        "model_start_wait_seconds": 120, **overrides,
    }
    return Settings(**values)


def redis_available(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(base_url: str, process, seconds: float = 60, path: str = "/health") -> bool:
    """Poll GET `path` of a server started in `process` until it answers 200; False when the
    process ends first or the time runs out."""
    import time

    import httpx

    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}{path}", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def serve_api(database_url, port: int, *arguments: str, stderr=None, **env_overrides):
    """`pulse serve api` in its own process, as deployed (the in-process rate limiter); its log
    lines go to `stderr` (a file) when given."""
    import subprocess
    import sys
    from pathlib import Path

    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env |= {"DATABASE_URL": database_url.render_as_string(hide_password=False), "SECRET_KEY": TEST_SECRET.ljust(32, "-"),
            "LOGIN_RATE_LIMIT_PER_IP": "3/minute", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100/minute", **env_overrides}
    pulse = Path(sys.executable).parent / "pulse"
    server = subprocess.Popen([str(pulse), "serve", "api", "--port", str(port), *arguments], env=env,
                              stdout=subprocess.DEVNULL, stderr=stderr or subprocess.DEVNULL)
    if wait_until_healthy(f"http://127.0.0.1:{port}", server):
        return server
    server.kill()
    raise RuntimeError("the API did not start")


# A database of its own: tests clear the rate limiter keys in it.
REDIS_URL = os.environ.get("PULSE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def server_url() -> URL:
    """A URL to the maintenance database of the server the tests may create databases on."""
    configured = os.environ.get("PULSE_TEST_DATABASE_URL")
    if configured:
        return sqlalchemy_url(configured).set(database="postgres")
    return resolve_database_url(Settings(database_url=None)).set(database="postgres")


def fresh_database(server_url: URL, name: str) -> URL:
    # Two suites may share one server (two checkouts, two people): PULSE_TEST_DB_SUFFIX keeps them apart.
    url = server_url.set(database=name + os.environ.get("PULSE_TEST_DB_SUFFIX", ""))
    drop_database(url)
    return ensure_database(url)


def app_database(server_url: URL, name: str) -> URL:
    """A fresh database at the latest migration, with the exercise library."""
    url = fresh_database(server_url, name)
    migrate(url)
    engine = create_engine(url)
    with Session(engine) as session:
        load_library(session)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def database_url(server_url: URL) -> Iterator[URL]:
    url = app_database(server_url, f"pulse_test_{os.getpid()}")
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def engine(database_url: URL) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture(scope="session")
def app(database_url: URL):
    """The API as deployed: with Redis behind the rate limiter wherever one answers."""
    redis_url = REDIS_URL if redis_available(REDIS_URL) else None
    return create_app(make_settings(redis_url=redis_url), database_url=database_url.render_as_string(hide_password=False))


@pytest.fixture
def client(app, engine: Engine) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
    # Every person's data hangs off users (ON DELETE CASCADE); the library stays.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM app.users"))
    app.state.rate_limiter.storage.reset()


class ApiUser:
    """A registered person and their bearer token, for driving the API in tests."""

    def __init__(self, client: TestClient, name: str, domain: str = "pulse.test", **profile) -> None:
        """`domain`: any but .test makes a real (not synthetic) person."""
        self.client = client
        self.username = f"{name}_{uuid.uuid4().hex[:8]}"
        self.email = f"{self.username}@{domain}"
        self.password = "correct-horse-battery"
        response = client.post("/auth/register", json={"email": self.email, "username": self.username, "password": self.password, **profile})
        assert response.status_code == 201, response.text
        self.id = response.json()["id"]
        token = client.post("/auth/login", data={"username": self.email, "password": self.password}).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **kw):
        return self.client.get(path, headers=self.headers, **kw)

    def post(self, path, **kw):
        return self.client.post(path, headers=self.headers, **kw)

    def patch(self, path, **kw):
        return self.client.patch(path, headers=self.headers, **kw)

    def put(self, path, **kw):
        return self.client.put(path, headers=self.headers, **kw)

    def delete(self, path, **kw):
        return self.client.delete(path, headers=self.headers, **kw)


@pytest.fixture
def make_user(client: TestClient):
    def make(name: str = "user", **profile) -> ApiUser:
        return ApiUser(client, name, **profile)

    return make


@pytest.fixture
def exercise_ids(db: Session) -> dict[str, int]:
    from sqlalchemy import select

    from api.models import Exercise

    return dict(db.execute(select(Exercise.name, Exercise.id).where(Exercise.owner_id.is_(None))).all())


def pytest_collection_modifyitems(items):
    # Tests under tests/unit need no database; everything under tests/integration does.
    for item in items:
        folder = item.path.parent.name
        if folder in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, folder))
