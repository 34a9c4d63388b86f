"""The mobile app end to end: the real API (uvicorn, in a subprocess) on a fresh PostgreSQL
database serves the built app; headless Chromium (Debian's, driven by playwright-core) plays a
lifter on a phone who logs a workout offline, then starts the recommended next workout and gives
feedback on "For you" (mobile/e2e/offline-workout.mjs). Then this test checks through the API
itself that the workout arrived exactly once, and in the database that exactly the feedback the
lifter gave was stored. A second lifter answers friend requests and reads the friends' feed
(mobile/e2e/friends.mjs), checked afterwards through the API.

Skipped, with the reason, only when Chromium or mobile/node_modules are missing
(`make mobile-install` provides both)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import TEST_MLFLOW_URI, TEST_SECRET, app_database
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from pulse.database import drop_database

REPO_ROOT = Path(__file__).resolve().parents[2]
MOBILE = REPO_ROOT / "mobile"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("PULSE_MOBILE_ARTIFACTS", MOBILE / "test-artifacts"))

pytestmark = pytest.mark.slow


def _missing_tools() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}: install it with `make mobile-install` (apt-get install chromium)"
    if not (MOBILE / "node_modules" / "playwright-core").is_dir():
        return "mobile/node_modules is missing: run `make mobile-install` (npm ci in mobile/)"
    if shutil.which("node") is None:
        return "node is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_tools() -> None:
    if reason := _missing_tools():
        pytest.skip(reason)


@pytest.fixture(scope="module")
def mobile_dist() -> Path:
    """The built app; built here when missing (`npm run build`)."""
    dist = MOBILE / "dist"
    if not (dist / "index.html").is_file():
        if not (MOBILE / "node_modules").is_dir():
            pytest.skip("mobile/dist is not built and mobile/node_modules is missing: run `make mobile-install`")
        subprocess.run(["npm", "run", "build"], cwd=MOBILE, check=True, timeout=300)
    return dist


@pytest.fixture(scope="module")
def e2e_database(server_url: URL) -> Iterator[URL]:
    url = app_database(server_url, f"pulse_mobile_e2e_{os.getpid()}")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def api_server(e2e_database: URL, mobile_dist: Path) -> Iterator[str]:
    port = _free_port()
    # As deployed (DEBUG off, a real secret), with the in-process rate limiter.
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env |= {
        "DATABASE_URL": e2e_database.render_as_string(hide_password=False),
        "SECRET_KEY": TEST_SECRET.ljust(32, "-"),
        "DEBUG": "false",
        "PULSE_MOBILE_DIST": str(mobile_dist),
        "MLFLOW_TRACKING_URI": TEST_MLFLOW_URI,  # never the repository's mlruns/
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "api.log"
    with open(log, "w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "tests.e2e.mobile_server:create", "--factory", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the API did not start; see {log}")
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_workout_logged_offline_reaches_the_api_exactly_once(browser_tools: None, api_server: str, e2e_database: URL) -> None:
    username = f"lifter_{uuid.uuid4().hex[:8]}"
    password = "correct-horse-battery"
    result = subprocess.run(
        ["node", "e2e/offline-workout.mjs"],
        cwd=MOBILE,
        env={**os.environ, "PULSE_BASE_URL": api_server, "PULSE_E2E_USER": username, "PULSE_E2E_PASSWORD": password,
             "CHROME_PATH": str(CHROMIUM), "ARTIFACTS": str(ARTIFACTS)},
        capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}"

    # The API's own answer, independent of the browser script.
    token = httpx.post(f"{api_server}/auth/login", data={"username": username, "password": password}).json()["access_token"]
    workouts = httpx.get(f"{api_server}/workouts", headers={"Authorization": f"Bearer {token}"}).json()
    assert workouts["total"] == 1
    (workout,) = workouts["items"]
    assert workout["name"] == "Offline push day"
    assert workout["status"] == "completed"
    assert workout["client_id"] is not None
    assert [s["weight"] for s in workout["exercises"][0]["sets"]] == [100.0, 102.5]
    for name in ("01-login", "05-workout", "07-progress", "11-recommended", "12-for-you"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 1000

    # Recommendation feedback: the database holds exactly what the lifter gave in the app (the
    # started plan's kept and left-out exercises; on "For you" one skip, one add, a thumbs up, and
    # a thumbs down changed to a thumbs up)...
    expected = json.loads((ARTIFACTS / "feedback-expected.json").read_text())
    assert {f["action"] for f in expected} == {"accepted", "skipped", "thumbs_up", "thumbs_down"}
    assert sum(f["action"].startswith("thumbs_") for f in expected) == 3
    engine = create_engine(e2e_database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT f.recommendation_id, f.exercise_id, f.action::text, r.kind::text FROM app.recommendation_feedback f"
                    " JOIN app.users u ON u.id = f.user_id JOIN app.recommendations r ON r.id = f.recommendation_id"
                    " WHERE u.username = :username"
                ),
                {"username": username},
            ).all()
    finally:
        engine.dispose()
    assert sorted((r[0], r[1], r[2]) for r in rows) == sorted((f["recommendation_id"], f["exercise_id"], f["action"]) for f in expected)
    assert {r[3] for r in rows} == {"next_workout", "exercises"}
    # ...and the API, asked with the same login, says each of them is already stored (200, not 201).
    headers = {"Authorization": f"Bearer {token}"}
    for f in expected:
        again = httpx.post(
            f"{api_server}/recommendations/{f['recommendation_id']}/feedback",
            json={"exercise_id": f["exercise_id"], "action": f["action"]}, headers=headers,
        )
        assert again.status_code == 200, again.text


def test_friend_requests_are_answered_in_the_app_and_the_feed_shows_the_friend(
    browser_tools: None, api_server: str
) -> None:
    """mobile/e2e/friends.mjs sets up a friend, a stranger and a coach through the API, then in the
    app the lifter declines the stranger, accepts the friend (whose workout shows in the feed) and
    asks the coach. Checked here again through the API, logged in as the lifter."""
    username = f"pal_{uuid.uuid4().hex[:8]}"
    password = "correct-horse-battery"
    people = {"friend": f"{username}_friend", "stranger": f"{username}_stranger", "coach": f"{username}_coach"}
    result = subprocess.run(
        ["node", "e2e/friends.mjs"],
        cwd=MOBILE,
        env={**os.environ, "PULSE_BASE_URL": api_server, "PULSE_E2E_USER": username, "PULSE_E2E_PASSWORD": password,
             "PULSE_E2E_FRIEND": people["friend"], "PULSE_E2E_STRANGER": people["stranger"], "PULSE_E2E_COACH": people["coach"],
             "CHROME_PATH": str(CHROMIUM), "ARTIFACTS": str(ARTIFACTS)},
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}"

    token = httpx.post(f"{api_server}/auth/login", data={"username": username, "password": password}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    friendships = httpx.get(f"{api_server}/friendships", headers=headers).json()
    assert {f["friend"]["username"]: (f["status"], f["direction"]) for f in friendships} == {
        people["friend"]: ("accepted", "incoming"),
        people["stranger"]: ("declined", "incoming"),
        people["coach"]: ("pending", "outgoing"),
    }
    answered = [f for f in friendships if f["status"] != "pending"]
    assert all(f["responded_at"] is not None for f in answered)
    accepted = httpx.get(f"{api_server}/friendships", params={"status": "accepted"}, headers=headers).json()
    assert [f["friend"]["username"] for f in accepted] == [people["friend"]]
    feed = httpx.get(f"{api_server}/feed", headers=headers).json()
    assert [(i["friend"]["username"], i["workout"]["name"]) for i in feed["items"]] == [(people["friend"], "Friend's leg day")]
    for name in ("20-friends-requests", "21-friends-feed"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 1000


def test_the_api_serves_the_app_without_shadowing_its_own_routes(api_server: str) -> None:
    html = httpx.get(f"{api_server}/progress", headers={"Accept": "text/html"})
    assert html.status_code == 200 and '<div id="app">' in html.text
    assert html.headers["cache-control"] == "no-cache"
    manifest = httpx.get(f"{api_server}/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["display"] == "standalone"
    assert httpx.get(f"{api_server}/sw.js").status_code == 200
    # API paths keep their own answers, for browsers too.
    me = httpx.get(f"{api_server}/users/me", headers={"Accept": "text/html"})
    assert me.status_code == 401 and me.json()["detail"].startswith("not authenticated")
    assert httpx.post(f"{api_server}/users/me").status_code == 405
    missing = httpx.get(f"{api_server}/no-such-thing")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    assert httpx.get(f"{api_server}/../pyproject.toml").status_code == 404
    assert "/{path}" not in httpx.get(f"{api_server}/openapi.json").json()["paths"]
