"""Walk every route of the API as an intruder against another person's objects: nothing may be
read, changed or deleted, and private objects answer 404 exactly like missing ones."""

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "strong_minimal.csv"

# A valid body for every route that takes one, so an answer is never a 422 that skips the
# ownership check.
BODIES = {
    ("patch", "/users/me"): {"full_name": "x"},
    ("patch", "/exercises/{exercise_id}"): {"difficulty": 2},
    ("patch", "/workouts/{workout_id}"): {"notes": "mine now"},
    ("post", "/workouts/{workout_id}/exercises"): {"exercise_id": "{library_exercise_id}"},
    ("post", "/workouts/{workout_id}/exercises/{workout_exercise_id}/sets"): {"reps": 5, "weight": 50},
    ("patch", "/workouts/{workout_id}/sets/{set_id}"): {"reps": 1},
    ("patch", "/goals/{goal_id}"): {"title": "hijacked"},
    ("patch", "/stats/{stat_id}"): {"notes": "hijacked"},
    ("post", "/recommendations/{recommendation_id}/feedback"): {"exercise_id": "{recommended_exercise_id}", "action": "skipped"},
    ("patch", "/routines/{routine_id}"): {"name": "hijacked"},
    ("post", "/routines/from-workout/{workout_id}"): {"name": "stolen"},
    ("post", "/workouts/{workout_id}/comments"): {"body": "an intruder's comment"},
    ("post", "/challenges/{challenge_id}/invite"): {"user_ids": ["{user_id}"]},
    ("post", "/moderation/reports/{report_id}/resolve"): {"note": "closed by an intruder"},
    ("post", "/moderation/reports/{report_id}/dismiss"): {"note": "closed by an intruder"},
}
# Routes whose answer to anyone signed in is not about another person's private data.
PUBLIC = {("get", "/users/{user_id}")}
# Routes about no one's data, closed to everyone but administrators (403).
ADMIN_ONLY = {
    ("get", "/models/train/{run_id}"), ("get", "/analytics/{report}"), ("post", "/moderation/reports/{report_id}/resolve"), ("post", "/moderation/reports/{report_id}/dismiss"),
}


def _snapshot(owner, ids):
    return {
        "workout": owner.get(f"/workouts/{ids['workout_id']}").json(),
        "done": owner.get(f"/workouts/{ids['completed_id']}").json(),
        "comments": owner.get(f"/workouts/{ids['completed_id']}/comments").json(),
        "exercise": owner.get(f"/exercises/{ids['exercise_id']}").json(),
        "goal": {k: v for k, v in owner.get(f"/goals/{ids['goal_id']}").json().items()},
        "stat": owner.get(f"/stats/{ids['stat_id']}").json(),
        "friendships": owner.get("/friendships").json(),
        "me": owner.get("/users/me").json(),
        "mappings": owner.get("/imports/mappings").json(),
        "routines": owner.get("/routines").json(),
        "reports": owner.get("/reports").json(),
        "blocks": owner.get("/blocks").json(),
        "partners": owner.get("/partners").json(),
        "challenges": owner.get("/challenges").json(),
        "notifications": owner.get("/notifications").json(),
    }


def test_intruder_cannot_touch_anything(app, make_user, exercise_ids, db):
    owner = make_user("owner", workout_visibility="private", stats_visibility="private")
    intruder = make_user("intruder")
    third = make_user("third")
    library_id = exercise_ids["Push-Up"]
    custom = owner.post("/exercises", json={"name": "Secret move", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}).json()
    workout = owner.post("/workouts", json={"name": "Live", "status": "in_progress", "exercises": [{"exercise_id": custom["id"], "sets": [{"reps": 10}]}]}).json()
    start = datetime.now(UTC) - timedelta(hours=2)
    completed = owner.post("/workouts", json={"name": "Done", "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat()}).json()
    goal = owner.post("/goals", json={"title": "Mine", "goal_type": "strength", "metric": "one_rep_max", "exercise_id": custom["id"], "target_value": 50}).json()
    stat = owner.post("/stats", json={"weight": 75}).json()
    friendship = owner.post("/friendships", json={"user_id": third.id}).json()
    recommendation = owner.post("/recommendations/exercises", json={"k": 3}).json()
    routine = owner.post("/routines", json={"name": "Private plan", "exercises": [{"exercise_id": custom["id"]}]}).json()
    partner = make_user("partner")
    befriended = partner.post("/friendships", json={"user_id": owner.id}).json()
    owner.post(f"/friendships/{befriended['id']}/accept")
    partnership = owner.post("/partners", json={"user_id": partner.id}).json()
    partner.post(f"/partners/{partnership['id']}/accept")
    notification = owner.get("/notifications").json()["items"][0]
    comment = owner.post(f"/workouts/{completed['id']}/comments", json={"body": "note to self"}).json()
    db.execute(text("UPDATE app.users SET is_verified = true WHERE id IN (:a, :b, :c)"), {"a": owner.id, "b": intruder.id, "c": partner.id})
    db.commit()
    today = datetime.now(UTC).date()
    challenge = owner.post("/challenges", json={"title": "Mine", "metric": "sessions", "starts_on": today.isoformat(),
                                                "ends_on": (today + timedelta(days=7)).isoformat(), "invite": [partner.id]}).json()
    pest = make_user("pest")
    report = owner.post("/reports", json={"subject": "user", "user_id": pest.id, "reason": "spam", "details": "owner's private complaint"}).json()
    assert owner.post("/blocks", json={"user_id": pest.id}).status_code == 201
    imported = owner.post("/imports", files={"file": (EXPORT.name, EXPORT.read_bytes(), "text/csv")}).json()
    while owner.get(f"/imports/{imported['id']}").json()["status"] in ("queued", "running"):
        time.sleep(0.1)
    ids = {
        "workout_id": workout["id"],
        "completed_id": completed["id"],
        "workout_exercise_id": workout["exercises"][0]["id"],
        "set_id": workout["exercises"][0]["sets"][0]["id"],
        "exercise_id": custom["id"],
        "goal_id": goal["id"],
        "stat_id": stat["id"],
        "friendship_id": friendship["id"],
        "user_id": owner.id,
        "library_exercise_id": library_id,
        "recommendation_id": recommendation["id"],
        "recommended_exercise_id": recommendation["items"][0]["exercise_id"],
        "run_id": "00000000-0000-4000-8000-000000000000",
        "import_id": imported["id"],
        "routine_id": routine["id"],
        "report_id": report["id"],
        "partnership_id": partnership["id"],
        "notification_id": notification["id"],
        "comment_id": comment["id"],
        "challenge_id": challenge["id"],
        "report": "daily-active",
    }
    before = _snapshot(owner, ids)

    walked = set()
    for path, operations in app.openapi()["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if not params:
            continue
        for method in operations:
            walked.add((method, path))
            if (method, path) in PUBLIC:
                continue
            url = path.format(**ids)
            body = BODIES.get((method, path))
            if body is not None:
                fill = lambda v: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else [fill(x) for x in v] if isinstance(v, list) else v  # noqa: E731
                body = {k: fill(v) for k, v in body.items()}
            response = intruder.client.request(method.upper(), url, headers=intruder.headers, json=body)
            expected_status = 403 if (method, path) in ADMIN_ONLY else 404
            assert response.status_code == expected_status, (method, url, response.status_code, response.text)
            assert set(response.json()) == {"detail"}
    # Every route with a path parameter was walked (a new route must be added to BODIES if it takes a body).
    expected = {(m, p) for p, ops in app.openapi()["paths"].items() if "{" in p for m in ops}
    assert walked == expected and len(walked) >= 20

    # The social routes again on the completed (private) workout, which the owner can comment on.
    done = ids["completed_id"]
    for method, path, body in (("post", f"/workouts/{done}/kudos", None), ("delete", f"/workouts/{done}/kudos", None),
                               ("get", f"/workouts/{done}/comments", None), ("post", f"/workouts/{done}/comments", {"body": "hi"}),
                               ("post", "/reports", {"subject": "comment", "comment_id": comment["id"], "reason": "spam"})):
        response = intruder.client.request(method.upper(), path, headers=intruder.headers, json=body)
        assert response.status_code == 404, (method, path, response.text)

    # The intruder's own lists show none of the owner's objects.
    assert intruder.get("/workouts").json()["total"] == 0
    assert intruder.get("/stats").json()["total"] == 0
    assert intruder.get("/goals").json() == []
    assert intruder.get("/records").json() == []
    assert intruder.get("/feed").json()["total"] == 0
    assert intruder.get("/friendships").json() == []
    assert intruder.get("/exercises", params={"q": "Secret"}).json()["total"] == 0
    assert intruder.get("/imports").json()["total"] == 0 and intruder.get("/imports/mappings").json() == []
    assert intruder.get("/routines").json() == []
    assert intruder.get("/reports").json()["total"] == 0 and intruder.get("/blocks").json() == []
    assert intruder.get("/partners").json() == [] and intruder.get("/notifications").json()["total"] == 0
    assert intruder.get("/challenges").json() == []
    # A name from the owner's imports is not the intruder's to re-point.
    remap = intruder.put("/imports/mappings", json={"source_name": "Bench Press (Barbell)", "exercise_id": library_id})
    assert remap.status_code == 404

    after = _snapshot(owner, ids)
    assert after == before

    # Profile lookups show only the public profile.
    assert set(intruder.get(f"/users/{owner.id}").json()) == {"id", "username", "fitness_goal", "experience_level", "bio"}


def test_blocked_people_see_nothing_of_each_other(app, make_user, db):
    """Even what the blocker shares with everyone: every route that names the other answers 404
    both ways, and no list shows them."""
    from sqlalchemy import text

    owner = make_user("open_book", workout_visibility="public", stats_visibility="public", is_discoverable=True)
    blocked = make_user("blocked", workout_visibility="public", stats_visibility="public", is_discoverable=True)
    db.execute(text("UPDATE app.users SET is_verified = true WHERE id IN (:a, :b)"), {"a": owner.id, "b": blocked.id})
    db.commit()
    friendship = owner.post("/friendships", json={"user_id": blocked.id}).json()
    blocked.post(f"/friendships/{friendship['id']}/accept")
    start = datetime.now(UTC) - timedelta(hours=2)
    done = {"name": "Shared", "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat()}
    workouts = {p.id: p.post("/workouts", json=done).json()["id"] for p in (owner, blocked)}
    for person in (owner, blocked):
        person.post("/stats", json={"weight": 70})
    assert owner.post("/blocks", json={"user_id": blocked.id}).status_code == 201

    about_users = [path for path in app.openapi()["paths"] if path.startswith("/users/{user_id}") or path == "/similar-users/{user_id}"]
    assert len(about_users) >= 4
    for viewer, other in ((owner, blocked), (blocked, owner)):
        for path in about_users:
            response = viewer.get(path.format(user_id=other.id))
            assert response.status_code == 404, (path, response.text)
        report = viewer.post("/reports", json={"subject": "workout", "workout_id": workouts[other.id], "reason": "spam"})
        assert report.status_code == 404
        assert viewer.get("/feed").json()["total"] == 0
        assert viewer.get("/friendships").json() == []
        assert viewer.get("/users/search", params={"q": other.username}).json() == []
        similar = viewer.get(f"/similar-users/{viewer.id}", params={"k": 50}).json()
        assert other.id not in [u["user_id"] for u in similar["users"]]
