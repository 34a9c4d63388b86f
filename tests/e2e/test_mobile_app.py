"""The mobile app end to end: the real API (uvicorn, in a subprocess) on a fresh PostgreSQL
database serves the built app; headless Chromium (Debian's, driven by playwright-core) plays a
lifter on a phone who logs a workout offline, then starts the recommended next workout and gives
feedback on "For you" (mobile/e2e/offline-workout.mjs). Then this test checks through the API
itself that the workout arrived exactly once, and in the database that exactly the feedback the
lifter gave was stored. A second lifter answers friend requests and reads the friends' feed
(mobile/e2e/friends.mjs), checked afterwards through the API. A third imports a real Strong export
in the app, changes a mapping, exports, and trains from a routine (mobile/e2e/import.mjs); the API
then shows the workouts exactly as the preview said, the mapping moved, the workout trained from the
routine linked to it, and the app's download is the API's export.

Skipped, with the reason, only when Chromium or mobile/node_modules are missing
(`make mobile-install` provides both)."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from conftest import TEST_MLFLOW_URI, TEST_SECRET, app_database, free_port, wait_until_healthy
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from api.notifications.push import new_vapid_keys
from pulse.database import drop_database

REPO_ROOT = Path(__file__).resolve().parents[2]
MOBILE = REPO_ROOT / "mobile"
REAL_STRONG_EXPORT = REPO_ROOT / "tests" / "fixtures" / "real-logs" / "strong_export_kyriakakis.csv"
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
    port = free_port()
    # As deployed (DEBUG off, a real secret), with the in-process rate limiter.
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env |= {
        "DATABASE_URL": e2e_database.render_as_string(hide_password=False),
        "SECRET_KEY": TEST_SECRET.ljust(32, "-"),
        "DEBUG": "false",
        "PULSE_MOBILE_DIST": str(mobile_dist),
        "MLFLOW_TRACKING_URI": TEST_MLFLOW_URI,  # never the repository's mlruns/
        # The browser tests play many people from one address (each logs in through the API):
        # the per-address login limit (tested in test_auth_users) would refuse the later ones.
        "LOGIN_RATE_LIMIT_PER_IP": "600/minute",
        # Web Push on, so the app offers it (a pair made for this run).
        **dict(zip(("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY"), new_vapid_keys(), strict=True)),
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
            if not wait_until_healthy(base, server, 30):
                pytest.fail(f"the API did not start; see {log}")
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
    workouts = httpx.get(f"{api_server}/workouts", params={"include": "sets"}, headers={"Authorization": f"Bearer {token}"}).json()
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


def _day_in(iso: str, zone: str) -> str:
    """The calendar day of an API time in `zone` (the import read the file's times there)."""
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(zone)).date().isoformat()


def _all_workouts(api_server: str, headers: dict) -> list[dict]:
    items: list[dict] = []
    while True:
        page = httpx.get(f"{api_server}/workouts", params={"limit": 100, "offset": len(items), "include": "sets"}, headers=headers, timeout=30).json()
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


def test_a_real_export_imported_in_the_app_arrives_as_the_preview_said(browser_tools: None, api_server: str) -> None:
    """mobile/e2e/import.mjs imports the real Strong export in the app (preview, confirm, result),
    changes one mapping, downloads the exports, and makes, edits and starts a routine (asking "For
    you" on the way). Here the API, asked as that lifter, must agree with what the app showed at each
    step."""
    username = f"importer_{uuid.uuid4().hex[:8]}"
    password = "correct-horse-battery"
    zone = "Europe/Athens"
    result = subprocess.run(
        ["node", "e2e/import.mjs"],
        cwd=MOBILE,
        env={**os.environ, "PULSE_BASE_URL": api_server, "PULSE_E2E_USER": username, "PULSE_E2E_PASSWORD": password,
             "PULSE_E2E_IMPORT_FILE": str(REAL_STRONG_EXPORT), "PULSE_E2E_TIME_ZONE": zone,
             "CHROME_PATH": str(CHROMIUM), "ARTIFACTS": str(ARTIFACTS)},
        capture_output=True, text=True, timeout=420,
    )
    assert result.returncode == 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}"
    shown = json.loads((ARTIFACTS / "import-e2e.json").read_text())
    assert shown["user"] == username
    preview, remap, routine = shown["preview"], shown["remap"], shown["routine"]

    token = httpx.post(f"{api_server}/auth/login", data={"username": username, "password": password}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    # One import, done as the preview said.
    imports = httpx.get(f"{api_server}/imports", headers=headers).json()
    assert imports["total"] == 1
    report = httpx.get(f"{api_server}/imports/{imports['items'][0]['id']}", headers=headers).json()
    assert report["status"] == "succeeded" and report["file_name"] == REAL_STRONG_EXPORT.name
    assert (report["counts"]["workouts_created"], report["counts"]["sets_created"]) == (preview["sessions"], preview["sets"])
    assert (shown["result"]["workouts"], shown["result"]["sets"]) == (preview["sessions"], preview["sets"])
    assert preview["units"].startswith(f"Weights in {report['weight_unit']}, from your unit setting")
    assert {(r["name"], r["sets"]) for r in preview["names"]} == {(e["name"], e["sets"]) for e in report["exercises"]}
    # The preview's mapping table showed what each name became: a library exercise, or (for
    # the names the library lacks) none yet, with suggestions; the import made those the lifter's own.
    became = {e["name"]: e for e in report["exercises"]}
    for row in preview["names"]:
        if became[row["name"]]["in_library"]:
            assert row["exercise"] == became[row["name"]]["exercise_name"], row
        else:
            assert (row["exercise"], row["match"], became[row["name"]]["exercise_name"]) == ("none in the library", "new exercise of yours", row["name"])

    # The workouts themselves: the imported ones match the preview's counts and date range.
    workouts = _all_workouts(api_server, headers)
    imported = [w for w in workouts if w["name"] != routine["name"]]
    assert len(imported) == preview["sessions"]
    assert sum(len(e["sets"]) for w in imported for e in w["exercises"]) == preview["sets"]
    local_days = sorted(_day_in(w["started_at"], zone) for w in imported)
    assert preview["dates"] == f"{local_days[0]} to {local_days[-1]}"

    # The mapping changed in the app moved the imported sets.
    mappings = {m["source_name"]: m["exercise_id"] for m in httpx.get(f"{api_server}/imports/mappings", headers=headers).json()}
    assert mappings[remap["source_name"]] == remap["exercise_id"]
    entries = [e for w in imported for e in w["exercises"]]
    assert not [e for e in entries if e["exercise_name"] == remap["source_name"] and remap["source_name"] != remap["exercise_name"]]
    moved = sum(1 for e in entries if e["exercise_id"] == remap["exercise_id"])
    assert moved >= int(remap["said"].split("; ")[1].split()[0].replace(",", "")) > 0
    assert not [e for w in imported for e in w["exercises"] if e["exercise_name"] == remap["from_exercise"]]

    # The routine made from the newest workout, edited, then started and finished in the app.
    routines = {r["name"]: r for r in httpx.get(f"{api_server}/routines", headers=headers).json()}
    assert "Hand-made squats" not in routines  # made, then deleted in the app
    # The routines the import made from recurring titles follow the changed mapping too.
    assert set(routines) >= set(shown["imported_routines"]) and shown["imported_routines"]
    assert not [e for r in routines.values() for e in r["exercises"] if e["exercise_name"] == remap["from_exercise"]]
    made = routines[routine["name"]]
    newest = max(imported, key=lambda w: w["started_at"])
    assert routine["from_workout"].startswith(newest["name"])
    assert [e["exercise_name"] for e in made["exercises"]] == [e["exercise_name"] for e in newest["exercises"]]
    assert (made["exercises"][0]["exercise_name"], made["exercises"][0]["target_sets"]) == (routine["first_exercise"], 4)
    (trained,) = [w for w in workouts if w["name"] == routine["name"]]
    assert trained["status"] == "completed"
    # Started from the routine in the app and uploaded with POST /workouts: linked to it, and counted.
    assert trained["routine_id"] == made["id"] == routine["id"]
    assert made["times_done"] == routine["times_done_before"] + 1
    assert datetime.fromisoformat(made["last_done_at"]) == datetime.fromisoformat(trained["completed_at"])
    assert httpx.get(f"{api_server}/workouts/{trained['id']}", headers=headers).json()["routine_id"] == made["id"]
    # "For you" during that workout asked for exercises ranked for the routine.
    assert routine["for_you_request"] == {"k": 10, "title": routine["name"]}
    (logged,) = [e for e in trained["exercises"] if e["sets"]]
    assert logged["exercise_name"] == routine["first_exercise"]
    assert [(s["reps"], s["weight"]) for s in logged["sets"]] == [(int(routine["logged_reps"]), float(routine["logged_weight"]) if routine["logged_weight"] else None)]

    # The app's downloads are the API's exports of the same data.
    csv_export = httpx.get(f"{api_server}/export", params={"format": "csv"}, headers=headers, timeout=60)
    downloaded = (ARTIFACTS / "export-from-app.csv").read_text(encoding="utf-8")
    assert downloaded == csv_export.text
    exported_rows = list(csv.DictReader(io.StringIO(downloaded)))
    assert len(exported_rows) == preview["sets"] + 1  # every imported set, and the one logged from the routine
    everything = json.loads((ARTIFACTS / "export-from-app.json").read_text())
    assert len(everything["workouts"]) == len(workouts)

    for name in ("30-import-preview", "31-import-result", "32-routines", "33-routine-workout"):
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


JOURNEY_SHOTS = {
    "safety": ("40-email-verified", "41-load-warning", "44-blocked"),
    "accountability": ("42-inbox-nudge", "46-settings-week"),
    "community": ("43-comment-held", "45-challenge-leaderboard"),
}


@pytest.mark.parametrize("journey", sorted(JOURNEY_SHOTS))
def test_a_journey_in_the_app(journey: str, browser_tools: None, api_server: str, e2e_database: URL) -> None:
    """mobile/e2e/journeys.mjs, one journey per run, after verifying the email from the mailed
    link: safety (a load warning on Today; a blocked troll gone from friends, feed and search),
    accountability (a partner's nudge in the inbox, Web Push as far as the browser allows, the
    weekly target), community (kudos, a comment held by moderation, a challenge leaderboard that
    updates). Checked again through the API."""
    username = f"{journey[:4]}_{uuid.uuid4().hex[:8]}"
    password = "correct-horse-battery"
    result = subprocess.run(
        ["node", "e2e/journeys.mjs"],
        cwd=MOBILE,
        env={**os.environ, "PULSE_E2E_JOURNEY": journey, "PULSE_BASE_URL": api_server, "PULSE_E2E_USER": username,
             "PULSE_E2E_PASSWORD": password, "PULSE_API_LOG": str(ARTIFACTS / "api.log"), "CHROME_PATH": str(CHROMIUM),
             "ARTIFACTS": str(ARTIFACTS)},
        capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}"

    token = httpx.post(f"{api_server}/auth/login", data={"username": username, "password": password}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    get = lambda path: httpx.get(f"{api_server}{path}", headers=headers).json()  # noqa: E731
    assert get("/users/me")["is_verified"] is True
    if journey == "safety":
        assert get("/safety/load")["warning"] is True
        assert [b["user"]["username"] for b in get("/blocks")] == [f"{username}_troll"]
        assert all(i["friend"]["username"] != f"{username}_troll" for i in get("/feed")["items"])
    elif journey == "accountability":
        [partnership] = get("/partners")
        assert partnership["status"] == "accepted" and partnership["partner"]["username"] == f"{username}_partner"
        assert any(n["kind"] == "nudge" for n in get("/notifications")["items"])
        assert get("/users/me")["weekly_target_sessions"] == 3
        # Web Push: as far as headless Chromium goes (it has no push service to register with).
        push = (ARTIFACTS / "push-e2e.txt").read_text()
        if push.startswith("This phone gets push"):
            engine = create_engine(e2e_database)
            with engine.connect() as connection:
                stored = connection.execute(
                    text("SELECT count(*) FROM app.push_subscriptions s JOIN app.users u ON u.id = s.user_id WHERE u.username = :u"), {"u": username},
                ).scalar()
            engine.dispose()
            assert stored == 1
        else:
            assert push.startswith("The browser could not subscribe: "), push
    else:
        [challenge] = get("/challenges")
        assert [(s["rank"], s["person"]["username"], s["value"]) for s in challenge["leaderboard"]] == [(1, f"{username}_friend", 2.0), (2, username, 0.0)]
        commented = next(i for i in get("/feed")["items"] if i["workout"]["name"] == "Friend's squats")
        comments = get(f"/workouts/{commented['workout']['id']}/comments")
        assert [(c["body"], c["moderation"]) for c in comments] == [("great deals on protein at cheap-gains.shop", "held")]
        assert commented["kudos"] == 1 and commented["gave_kudos"] is True
    for name in JOURNEY_SHOTS[journey]:
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 1000
