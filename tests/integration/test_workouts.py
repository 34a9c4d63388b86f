from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def logged_workout(exercise_id: int, **overrides) -> dict:
    body = {
        "name": "Leg day",
        "status": "completed",
        "started_at": NOW.isoformat(),
        "completed_at": (NOW + timedelta(minutes=60)).isoformat(),
        "exercises": [
            {
                "exercise_id": exercise_id,
                "target_sets": 3,
                "target_reps": 5,
                "sets": [
                    {"set_type": "warmup", "reps": 5, "weight": 60},
                    {"reps": 5, "weight": 100, "rpe": 7},
                    {"reps": 5, "weight": 100, "rpe": 8},
                    {"reps": 4, "weight": 100, "rpe": 9.5, "set_type": "failure"},
                ],
            }
        ],
    }
    body.update(overrides)
    return body


def test_logged_after_the_fact_computes_totals(make_user, exercise_ids):
    user = make_user("lifter")
    user.post("/stats", json={"weight": 80, "recorded_at": (NOW - timedelta(days=1)).isoformat()})
    response = user.post("/workouts", json=logged_workout(exercise_ids["Barbell Back Squat"]))
    assert response.status_code == 201, response.text
    w = response.json()
    assert w["status"] == "completed"
    assert w["duration_s"] == 3600
    # Warm-up excluded: 5*100 + 5*100 + 4*100.
    assert w["total_volume"] == 1400.0
    assert w["total_distance"] == 0.0
    # One exercise takes the whole hour: MET 6.0 * 80 kg * 1 h.
    assert w["calories_kcal"] == 480.0
    sets = w["exercises"][0]["sets"]
    assert [s["set_index"] for s in sets] == [1, 2, 3, 4]
    assert sets[0]["estimated_1rm"] is None  # warm-ups never count
    assert sets[1]["estimated_1rm"] == pytest.approx(100 * (1 + 5 / 30), abs=1e-3)


def test_live_workout_status_machine(make_user, exercise_ids):
    user = make_user("live")
    w = user.post("/workouts", json={"name": "Push", "exercises": [{"exercise_id": exercise_ids["Barbell Bench Press"]}]}).json()
    assert w["status"] == "scheduled"
    entry_id = w["exercises"][0]["id"]
    # Sets only once started; complete only once started.
    assert user.post(f"/workouts/{w['id']}/exercises/{entry_id}/sets", json={"reps": 5, "weight": 60}).status_code == 409
    assert user.post(f"/workouts/{w['id']}/complete").status_code == 409
    started = user.post(f"/workouts/{w['id']}/start").json()
    assert started["status"] == "in_progress" and started["started_at"]
    assert user.post(f"/workouts/{w['id']}/start").status_code == 409
    logged = user.post(f"/workouts/{w['id']}/exercises/{entry_id}/sets", json={"reps": 8, "weight": 60, "rpe": 8})
    assert logged.status_code == 201 and logged.json()["set_index"] == 1
    second = user.post(f"/workouts/{w['id']}/exercises/{entry_id}/sets", json={"reps": 6, "weight": 60}).json()
    assert second["set_index"] == 2
    assert user.post(f"/workouts/{w['id']}/exercises/{entry_id}/sets", json={"set_index": 2, "reps": 1}).status_code == 409
    done = user.post(f"/workouts/{w['id']}/complete").json()
    assert done["status"] == "completed"
    assert done["total_volume"] == 8 * 60 + 6 * 60
    assert done["calories_kcal"] >= 0
    for action in ("start", "complete", "cancel"):
        response = user.post(f"/workouts/{w['id']}/{action}")
        assert response.status_code == 409, action
        assert "completed" in response.json()["detail"]
    # Editing a set of a completed workout recomputes its totals.
    user.patch(f"/workouts/{w['id']}/sets/{second['id']}", json={"weight": 70})
    assert user.get(f"/workouts/{w['id']}").json()["total_volume"] == 8 * 60 + 6 * 70
    assert user.delete(f"/workouts/{w['id']}/sets/{second['id']}").status_code == 204
    assert user.get(f"/workouts/{w['id']}").json()["total_volume"] == 8 * 60


def test_cancel_and_plan_edits(make_user, exercise_ids):
    user = make_user("planner")
    w = user.post("/workouts", json={"name": "Plan", "scheduled_for": NOW.isoformat()}).json()
    added = user.post(f"/workouts/{w['id']}/exercises", json={"exercise_id": exercise_ids["Conventional Deadlift"], "target_sets": 3, "target_weight": 120})
    assert added.status_code == 201
    entry = added.json()["exercises"][0]
    assert entry["target_weight"] == 120.0 and entry["exercise_name"] == "Conventional Deadlift"
    moved = user.patch(f"/workouts/{w['id']}", json={"scheduled_for": (NOW + timedelta(days=1)).isoformat(), "notes": "heavy"})
    assert moved.status_code == 200 and moved.json()["notes"] == "heavy"
    assert user.delete(f"/workouts/{w['id']}/exercises/{entry['id']}").json()["exercises"] == []
    assert user.post(f"/workouts/{w['id']}/cancel").json()["status"] == "cancelled"
    assert user.post(f"/workouts/{w['id']}/exercises", json={"exercise_id": exercise_ids["Conventional Deadlift"]}).status_code == 409
    assert user.patch(f"/workouts/{w['id']}", json={"scheduled_for": NOW.isoformat()}).status_code == 409
    assert user.delete(f"/workouts/{w['id']}").status_code == 204
    assert user.get(f"/workouts/{w['id']}").status_code == 404


def test_client_id_makes_uploads_idempotent(make_user, exercise_ids):
    user = make_user("offline")
    body = logged_workout(exercise_ids["Barbell Back Squat"], client_id="2b0a6f4e-8f55-4b43-9b7e-1a4c2e7d9f10")
    first = user.post("/workouts", json=body)
    retry = user.post("/workouts", json=body)
    assert first.status_code == 201 and retry.status_code == 200
    assert first.json()["id"] == retry.json()["id"]
    assert user.get("/workouts").json()["total"] == 1


def test_concurrent_uploads_of_one_client_id_store_it_once_and_all_get_it(make_user, exercise_ids):
    """An offline phone retrying while its first upload is still in flight: one 201, the rest 200
    with the same workout (before: 409 from the unique constraint)."""
    from concurrent.futures import ThreadPoolExecutor

    user = make_user("retrying")
    body = logged_workout(exercise_ids["Barbell Back Squat"], client_id="7d4e1c2a-5b6f-4a3e-9c8d-0e1f2a3b4c5d")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: user.post("/workouts", json=body), range(8)))
    assert sorted(a.status_code for a in answers) == [200] * 7 + [201], [a.text for a in answers if a.status_code >= 300]
    assert len({a.json()["id"] for a in answers}) == 1
    assert {a.json()["set_count"] for a in answers} == {len(body["exercises"][0]["sets"])}
    assert user.get("/workouts").json()["total"] == 1


def test_list_filters_and_pagination(make_user, exercise_ids):
    user = make_user("lister")
    squat = exercise_ids["Barbell Back Squat"]
    for day in range(5):
        start = NOW - timedelta(days=day)
        user.post("/workouts", json=logged_workout(squat, started_at=start.isoformat(), completed_at=(start + timedelta(hours=1)).isoformat()))
    user.post("/workouts", json={"name": "Later", "scheduled_for": (NOW + timedelta(days=3)).isoformat()})
    everything = user.get("/workouts").json()
    assert everything["total"] == 6
    assert everything["items"][0]["name"] == "Later"  # newest date first
    completed = user.get("/workouts", params={"status": "completed", "limit": 2, "offset": 1}).json()
    assert completed["total"] == 5 and len(completed["items"]) == 2
    past_the_end = user.get("/workouts", params={"offset": 50}).json()
    assert past_the_end["total"] == 6 and past_the_end["items"] == []
    assert user.get("/workouts", params={"status": "cancelled"}).json() == {"items": [], "total": 0, "limit": 20, "offset": 0}
    window = user.get("/workouts", params={"from": (NOW - timedelta(days=2)).isoformat(), "to": (NOW + timedelta(seconds=1)).isoformat()}).json()
    assert window["total"] == 3


def test_the_list_carries_summaries_and_with_include_sets_the_same_workouts_as_the_detail_route(make_user, exercise_ids):
    user = make_user("summaries", unit_system="imperial")
    body = logged_workout(exercise_ids["Barbell Back Squat"])
    body["exercises"].append({"exercise_id": exercise_ids["Barbell Bench Press"], "sets": [{"reps": 8, "weight": 135}] * 3})
    user.post("/workouts", json=body)
    user.post("/workouts", json={"name": "Planned", "exercises": [{"exercise_id": exercise_ids["Plank"]}]})
    user.post("/workouts", json={"name": "Empty"})
    summaries = user.get("/workouts").json()["items"]
    full = user.get("/workouts", params={"include": "sets"}).json()["items"]
    assert [s["id"] for s in summaries] == [w["id"] for w in full]
    for summary, workout in zip(summaries, full, strict=True):
        detail = user.get(f"/workouts/{workout['id']}").json()
        assert workout == detail
        assert summary == {**detail, "exercises": None}
        assert detail["exercise_count"] == len(detail["exercises"])
        assert detail["set_count"] == sum(len(e["sets"]) for e in detail["exercises"])
    assert sorted((s["exercise_count"], s["set_count"]) for s in summaries) == [(0, 0), (1, 0), (2, len(body["exercises"][0]["sets"]) + 3)]
    assert user.get("/workouts", params={"include": "everything"}).status_code == 422


def test_imperial_units_round_trip_exactly(make_user, exercise_ids):
    user = make_user("yank", unit_system="imperial")
    body = logged_workout(exercise_ids["Barbell Back Squat"])
    body["exercises"][0]["sets"] = [{"reps": 5, "weight": 225}, {"reps": 5, "weight": 227.5}]
    w = user.post("/workouts", json=body).json()
    assert [s["weight"] for s in w["exercises"][0]["sets"]] == [225.0, 227.5]
    assert w["total_volume"] == 5 * 225 + 5 * 227.5
    # The same workout seen in metric: 225 lb is exactly 102.05828325 kg.
    metric = user.get(f"/workouts/{w['id']}", params={"units": "metric"}).json()
    assert metric["exercises"][0]["sets"][0]["weight"] == 102.058


def test_cardio_distance_and_time(make_user, exercise_ids):
    user = make_user("runner")
    run = exercise_ids["Outdoor Running"]
    body = logged_workout(run)
    body["exercises"][0]["sets"] = [{"duration_s": 1800, "distance": 5.0}]
    w = user.post("/workouts", json=body).json()
    assert w["total_distance"] == 5.0
    assert w["total_volume"] == 0.0
    assert w["calories_kcal"] > 0


def test_treadmill_speed_and_incline_and_a_description_in_the_persons_units(make_user, exercise_ids, db):
    from sqlalchemy import text

    walker = make_user("walker", unit_system="imperial")
    body = logged_workout(exercise_ids["Treadmill Running"])
    body["description"] = "Hill walk, 12-3-30"
    body["exercises"][0] |= {"speed": 3.0, "incline_pct": 12, "sets": [{"duration_s": 1800, "distance": 1.5}]}
    w = walker.post("/workouts", json=body).json()
    entry = w["exercises"][0]
    assert (entry["speed"], entry["incline_pct"], w["description"]) == (3.0, 12.0, "Hill walk, 12-3-30")
    # Stored in km/h, exactly: 3 mph is 4.828032 km/h.
    assert db.scalar(text("SELECT speed_kmh FROM app.workout_exercises WHERE id = :id"), {"id": entry["id"]}) == Decimal("4.828032")
    assert walker.get(f"/workouts/{w['id']}", params={"units": "metric"}).json()["exercises"][0]["speed"] == 4.828
    # A routine made from it plans the same machine settings.
    routine = walker.post(f"/routines/from-workout/{w['id']}", json={"name": "Hill walk"}).json()
    assert (routine["exercises"][0]["speed"], routine["exercises"][0]["incline_pct"]) == (3.0, 12.0)
    assert walker.patch(f"/workouts/{w['id']}", json={"description": None}).json()["description"] is None
    for bad, field in (({"speed": 31}, "speed"), ({"incline_pct": 41}, "incline_pct"), ({"incline_pct": "NaN"}, "incline_pct")):
        body["exercises"][0] |= {"speed": 3.0, "incline_pct": 12} | bad
        response = walker.post("/workouts", json=body)
        assert response.status_code == 422 and field in response.json()["detail"][0]["loc"], response.text


def _routine(user, name: str, exercise_id: int) -> dict:
    made = user.post("/routines", json={"name": name, "exercises": [{"exercise_id": exercise_id, "target_sets": 3, "target_reps": 5}]})
    assert made.status_code == 201, made.text
    return made.json()


def test_a_workout_uploaded_from_a_routine_is_linked_and_counted(make_user, exercise_ids):
    user = make_user("routine_upload")
    squat = exercise_ids["Barbell Back Squat"]
    routine = _routine(user, "Leg day", squat)
    body = logged_workout(squat, routine_id=routine["id"], client_id="7d3f0c6a-1e2b-4c5d-8e9f-0a1b2c3d4e5f")
    first = user.post("/workouts", json=body)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert stored["routine_id"] == routine["id"]
    assert user.get(f"/workouts/{stored['id']}").json()["routine_id"] == routine["id"]
    done = user.get(f"/routines/{routine['id']}").json()
    assert done["times_done"] == 1
    assert datetime.fromisoformat(done["last_done_at"]) == NOW + timedelta(minutes=60)
    assert [(r["name"], r["times_done"]) for r in user.get("/routines").json()] == [("Leg day", 1)]
    # A retry of the same upload is the same workout: the routine counts it once.
    assert user.post("/workouts", json=body).status_code == 200
    assert user.get(f"/routines/{routine['id']}").json()["times_done"] == 1

    # Started live from the routine: linked at once, counted once completed.
    live = user.post("/workouts", json={"name": "Leg day", "status": "in_progress", "routine_id": routine["id"]})
    assert live.status_code == 201 and live.json()["routine_id"] == routine["id"]
    assert user.get(f"/routines/{routine['id']}").json()["times_done"] == 1
    assert user.post(f"/workouts/{live.json()['id']}/complete").status_code == 200
    assert user.get(f"/routines/{routine['id']}").json()["times_done"] == 2
    # Without routine_id a workout of the same name is not linked.
    loose = user.post("/workouts", json=logged_workout(squat, name="Leg day")).json()
    assert loose["routine_id"] is None
    assert user.get(f"/routines/{routine['id']}").json()["times_done"] == 2


def test_a_routine_not_yours_or_missing_is_refused_naming_routine_id_and_nothing_is_stored(make_user, exercise_ids):
    user = make_user("routine_thief")
    other = make_user("routine_owner")
    squat = exercise_ids["Barbell Back Squat"]
    theirs = _routine(other, "Their day", squat)
    gone = _routine(user, "Gone", squat)
    assert user.delete(f"/routines/{gone['id']}").status_code == 204
    for routine_id in (theirs["id"], gone["id"]):
        for status in ("completed", "in_progress", "scheduled"):
            body = logged_workout(squat, routine_id=routine_id, status=status)
            if status != "completed":
                body.pop("completed_at")
            if status == "scheduled":
                body["exercises"][0].pop("sets")
            response = user.post("/workouts", json=body)
            assert response.status_code == 404, response.text
            assert "routine_id" in response.json()["detail"]
    for routine_id in (2**63, 0, -1, "seven"):
        response = user.post("/workouts", json=logged_workout(squat, routine_id=routine_id))
        assert response.status_code == 422, response.text
        assert [e["loc"] for e in response.json()["detail"]] == [["body", "routine_id"]]
    # Nothing was written: no workout, no sets (goals and records saw nothing), theirs still unused.
    assert user.get("/workouts").json()["total"] == 0
    assert user.get("/records").json() == []
    assert other.get(f"/routines/{theirs['id']}").json()["times_done"] == 0
    assert other.get("/workouts").json()["total"] == 0


def test_the_routine_check_holds_the_routine_until_the_workout_is_stored(make_user, exercise_ids, engine):
    """The check locks the routine (FOR KEY SHARE): a delete meanwhile waits for the upload to
    commit instead of breaking it with a foreign key error; afterwards the delete goes through."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from api.core.db import make_sessionmaker
    from api.models import User
    from api.workouts.service import _lock_own_routine

    user = make_user("routine_lock")
    routine = _routine(user, "Held", exercise_ids["Barbell Back Squat"])
    with make_sessionmaker(engine)() as uploading:
        _lock_own_routine(uploading, uploading.get(User, user.id), routine["id"])
        with engine.connect() as deleting:
            deleting.execute(text("SET lock_timeout = '300ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                deleting.execute(text("DELETE FROM app.routines WHERE id = :id"), {"id": routine["id"]})
            deleting.rollback()
        uploading.rollback()
    assert user.delete(f"/routines/{routine['id']}").status_code == 204


def test_concurrent_set_edits_leave_totals_equal_to_the_sets(make_user, exercise_ids):
    """10 new sets and 10 changed sets at once on a completed workout, three times: the volume is
    the sum of its working sets every time."""
    from concurrent.futures import ThreadPoolExecutor

    user = make_user("hurried")
    for round_ in range(3):
        w = user.post("/workouts", json=logged_workout(exercise_ids["Barbell Back Squat"])).json()
        entry = w["exercises"][0]
        targets = [s["id"] for s in entry["sets"]]
        calls = [("post", f"/workouts/{w['id']}/exercises/{entry['id']}/sets", {"reps": 5, "weight": 60 + n}) for n in range(10)]
        calls += [("patch", f"/workouts/{w['id']}/sets/{targets[n % len(targets)]}", {"weight": 110 + n + round_}) for n in range(10)]
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda call: user.client.request(call[0].upper(), call[1], headers=user.headers, json=call[2]), calls))
        assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers if a.status_code >= 300]
        stored = user.get(f"/workouts/{w['id']}").json()
        working = [s for s in stored["exercises"][0]["sets"] if s["set_type"] != "warmup"]
        assert len(stored["exercises"][0]["sets"]) == len(targets) + 10
        assert stored["total_volume"] == pytest.approx(sum(s["weight"] * s["reps"] for s in working))


def test_derived_totals_stay_within_their_columns(make_user, exercise_ids, db):
    """A workout spanning years, or sets of a week each, used to overflow duration and calories (500)."""
    from sqlalchemy import func, select

    from api.models import Workout

    user = make_user("sloppy")
    plank = exercise_ids["Plank"]
    years = {"name": "W", "status": "completed", "started_at": "2001-01-01T10:00:00Z", "completed_at": "2026-01-01T10:00:00Z",
             "exercises": [{"exercise_id": plank, "sets": [{"duration_s": 60}]}]}
    refused = user.post("/workouts", json=years)
    assert refused.status_code == 422 and "completed_at" in refused.text
    started_long_ago = user.post("/workouts", json={"name": "W", "status": "in_progress", "started_at": "2020-01-01T10:00:00Z"}).json()
    finishing = user.post(f"/workouts/{started_long_ago['id']}/complete")
    assert finishing.status_code == 409 and "started_at" in finishing.text
    week_long_sets = {**logged_workout(plank), "exercises": [{"exercise_id": plank, "sets": [{"duration_s": 7 * 24 * 3600}] * 100}] * 3}
    stored = user.post("/workouts", json=week_long_sets)
    assert stored.status_code == 201, stored.text
    assert stored.json()["duration_s"] == 3600 and stored.json()["calories_kcal"] < 2000
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Workout).where(Workout.user_id == user.id)) == 2


def test_a_weight_far_above_the_persons_best_asks_for_confirmation_and_stores_nothing_until_then(make_user, exercise_ids):
    lifter = make_user("pounds", unit_system="imperial")
    squat = exercise_ids["Barbell Back Squat"]
    body = logged_workout(squat)
    body["exercises"][0]["sets"] = [{"reps": 5, "weight": 225}, {"reps": 5, "weight": 20, "set_type": "warmup"}]
    first = lifter.post("/workouts", json=body).json()

    # 225 typed as kg (the app on a metric screen): more than twice the best of 225 lb.
    mixed_up = logged_workout(squat)
    mixed_up["exercises"][0]["sets"] = [{"reps": 5, "weight": 100}, {"reps": 5, "weight": 225}]
    refused = lifter.post("/workouts", params={"units": "metric"}, json=mixed_up)
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["type"] == "implausible_weight" and error["loc"] == ["body", "exercises", 0, "sets", 1, "weight"]
    assert "If you meant 225 lb, that is 102.058 kg" in error["msg"] and error["ctx"]["best"] == 102.058
    assert lifter.get("/workouts").json()["total"] == 1  # nothing stored
    mixed_up["exercises"][0]["sets"][1]["confirm_unusual"] = True
    assert lifter.post("/workouts", params={"units": "metric"}, json=mixed_up).status_code == 201

    # The same on a single set, and on an edit; a warm-up is never asked about.
    live = lifter.post("/workouts", json={"name": "Live", "status": "in_progress", "exercises": [{"exercise_id": exercise_ids["Barbell Bench Press"]}]}).json()
    entry_id = live["exercises"][0]["id"]
    assert lifter.post(f"/workouts/{live['id']}/exercises/{entry_id}/sets", json={"reps": 5, "weight": 100}).status_code == 201
    too_much = lifter.post(f"/workouts/{live['id']}/exercises/{entry_id}/sets", json={"reps": 5, "weight": 405})
    assert too_much.status_code == 422 and too_much.json()["detail"][0]["loc"] == ["body", "weight"]
    set_id = lifter.get(f"/workouts/{live['id']}").json()["exercises"][0]["sets"][0]["id"]
    edit = lifter.patch(f"/workouts/{live['id']}/sets/{set_id}", json={"weight": 1000})
    assert edit.status_code == 422 and lifter.get(f"/workouts/{live['id']}").json()["exercises"][0]["sets"][0]["weight"] == 100
    assert lifter.patch(f"/workouts/{live['id']}/sets/{set_id}", json={"weight": 1000, "confirm_unusual": True}).json()["weight"] == 1000
    warmup = {"reps": 5, "weight": 2000, "set_type": "warmup"}
    assert lifter.post(f"/workouts/{first['id']}/exercises/{first['exercises'][0]['id']}/sets", json=warmup).status_code == 201
