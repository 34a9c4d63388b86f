"""Routines: made by hand, from a workout, and from the titles of an import; started as workouts;
only their owner's."""

from test_imports import FIXTURES, upload


def test_make_change_start_and_delete_a_routine(make_user, exercise_ids):
    person = make_user("routines", unit_system="imperial")
    squat, bench = exercise_ids["Barbell Back Squat"], exercise_ids["Barbell Bench Press"]
    made = person.post("/routines", json={"name": "Day A", "exercises": [
        {"exercise_id": squat, "target_sets": 5, "target_reps": 5, "target_weight": 225, "rest_seconds": 180},
        {"exercise_id": bench, "target_sets": 3, "target_reps": 8},
    ]})
    assert made.status_code == 201, made.text
    routine = made.json()
    assert [e["exercise_name"] for e in routine["exercises"]] == ["Barbell Back Squat", "Barbell Bench Press"]
    assert routine["exercises"][0]["target_weight"] == 225.0 and routine["times_done"] == 0
    metric = person.get(f"/routines/{routine['id']}", params={"units": "metric"}).json()
    assert metric["exercises"][0]["target_weight"] == 102.058  # 225 lb
    assert person.post("/routines", json={"name": "day a"}).status_code == 409

    changed = person.patch(f"/routines/{routine['id']}", json={"name": "Day A (heavy)", "exercises": [{"exercise_id": bench, "target_sets": 4}]})
    assert changed.status_code == 200 and [e["target_sets"] for e in changed.json()["exercises"]] == [4]
    started = person.post(f"/routines/{routine['id']}/start")
    assert started.status_code == 201
    workout = started.json()
    assert (workout["name"], workout["status"]) == ("Day A (heavy)", "in_progress")
    assert [(e["exercise_id"], e["target_sets"], e["sets"]) for e in workout["exercises"]] == [(bench, 4, [])]
    entry = workout["exercises"][0]["id"]
    assert person.post(f"/workouts/{workout['id']}/exercises/{entry}/sets", json={"reps": 8, "weight": 135}).status_code == 201
    assert person.post(f"/workouts/{workout['id']}/complete").status_code == 200
    again = person.get(f"/routines/{routine['id']}").json()
    assert again["times_done"] == 1 and again["last_done_at"] is not None

    assert person.delete(f"/routines/{routine['id']}").status_code == 204
    assert person.get(f"/routines/{routine['id']}").status_code == 404
    assert person.get(f"/workouts/{workout['id']}").status_code == 200  # the workout stays


def test_a_routine_from_a_workout_plans_what_was_done(make_user, exercise_ids):
    person = make_user("from_workout")
    done = upload(person, FIXTURES / "imports" / "strong_letters_durations.csv")
    assert done["status"] == "succeeded"
    upper = next(w for w in person.get("/workouts").json()["items"] if w["name"] == "Upper")
    routine = person.post(f"/routines/from-workout/{upper['id']}", json={"name": "Upper template"}).json()
    (press,) = routine["exercises"]
    # Working sets: the 40 kg set, the drop and the failure set; the warm-up is left out.
    assert (press["target_sets"], press["target_reps"], press["target_weight"]) == (3, 4, 40.0)
    assert person.post("/routines/from-workout/999999999").status_code == 404


def test_titles_that_recur_in_an_import_become_routines(make_user):
    person = make_user("grouped")
    done = upload(person, FIXTURES / "imports" / "strong_first_export.csv")
    assert done["counts"]["routines_created"] == 1  # "A" twice; "B" once is no routine yet
    routines = person.get("/routines").json()
    assert [(r["name"], r["times_done"]) for r in routines] == [("A", 2)]
    later = upload(person, FIXTURES / "imports" / "strong_later_export.csv")
    assert later["counts"]["routines_created"] == 1
    assert [(r["name"], r["times_done"]) for r in person.get("/routines").json()] == [("A", 3), ("B", 2)]


def test_bad_routines_are_refused_naming_the_field(make_user, exercise_ids):
    person = make_user("bad_routine")
    other = make_user("other_routine")
    secret = other.post("/exercises", json={"name": "Mine", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}).json()
    assert person.post("/routines", json={"name": "X", "exercises": [{"exercise_id": secret["id"]}]}).status_code == 404
    for body, field in (
        ({"name": ""}, "name"), ({"name": "X", "exercises": [{"exercise_id": 2**63}]}, "exercise_id"),
        ({"name": "X", "exercises": [{"exercise_id": 1, "target_weight": -1}]}, "target_weight"),
        ({"name": "X\u0000"}, None),
    ):
        response = person.post("/routines", json=body)
        assert response.status_code in (404, 422), (body, response.text)
        if field:
            assert field in str(response.json()["detail"])
    assert person.patch("/routines/1", json={"name": None}).status_code in (404, 422)
    assert person.get("/routines").json() == []


def test_deleting_a_routine_keeps_the_workouts_uploaded_from_it(make_user, exercise_ids, db):
    from sqlalchemy import text

    person = make_user("routine_gone")
    squat = exercise_ids["Barbell Back Squat"]
    routine = person.post("/routines", json={"name": "Squat day", "exercises": [{"exercise_id": squat, "target_sets": 2}]}).json()
    body = {
        "client_id": "0f6c2b9a-3d4e-4f5a-9b8c-7d6e5f4a3b2c", "routine_id": routine["id"], "name": "Squat day",
        "status": "completed", "started_at": "2026-03-01T17:00:00+00:00", "completed_at": "2026-03-01T18:00:00+00:00",
        "exercises": [{"exercise_id": squat, "sets": [{"reps": 5, "weight": 100}, {"reps": 5, "weight": 105}]}],
    }
    uploaded = person.post("/workouts", json=body)
    assert uploaded.status_code == 201 and uploaded.json()["routine_id"] == routine["id"]
    assert person.get(f"/routines/{routine['id']}").json()["times_done"] == 1

    assert person.delete(f"/routines/{routine['id']}").status_code == 204
    kept = person.get(f"/workouts/{uploaded.json()['id']}")
    assert kept.status_code == 200
    workout = kept.json()
    assert workout["routine_id"] is None  # ON DELETE SET NULL
    assert (workout["status"], workout["total_volume"]) == ("completed", 5 * 100 + 5 * 105)
    assert [s["weight"] for s in workout["exercises"][0]["sets"]] == [100.0, 105.0]
    assert db.scalar(text("SELECT count(*) FROM app.routines WHERE id = :id"), {"id": routine["id"]}) == 0
    # A phone retrying that upload later gets the stored workout back, not a refusal...
    again = person.post("/workouts", json=body)
    assert again.status_code == 200 and again.json()["id"] == workout["id"]
    # ...and a new workout naming the deleted routine is refused, naming the field.
    refused = person.post("/workouts", json={**body, "client_id": None})
    assert refused.status_code == 404 and "routine_id" in refused.json()["detail"]
    assert person.get("/workouts").json()["total"] == 1
