"""Importing Strong and Hevy exports through the API into real PostgreSQL: the real files and a
fixture of every shape, idempotency and overlapping exports, rejection with nothing written, the
mapping report and re-pointing a mapping."""

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from api.models import Exercise, Import, Workout, WorkoutExercise, WorkoutSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def upload(person, path: Path, **form) -> dict:
    """POST the file and wait for the import to end; returns GET /imports/{id}."""
    response = person.post("/imports", files={"file": (path.name, path.read_bytes(), "text/csv")}, data=form)
    assert response.status_code == 202, response.text
    return wait(person, response.json()["id"])


def wait(person, import_id: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = person.get(f"/imports/{import_id}").json()
        if found["status"] in ("succeeded", "failed"):
            return found
        time.sleep(0.1)
    raise AssertionError(f"import {import_id} did not finish")


def stored(db, user_id: int) -> tuple[int, int]:
    workouts = db.scalar(select(func.count()).select_from(Workout).where(Workout.user_id == user_id))
    sets = db.scalar(
        select(func.count()).select_from(WorkoutSet).join(WorkoutExercise).join(Workout).where(Workout.user_id == user_id)
    )
    return workouts, sets


def test_a_real_export_in_chinese_with_unlabelled_pounds_imports_in_round_kilograms(make_user, db):
    # Strong in Chinese: the columns are read by position; the weights are pounds only the values
    # show (whole kilograms converted), whatever the person's own setting says.
    person = make_user("chinese", time_zone="Asia/Shanghai")
    done = upload(person, FIXTURES / "real-logs" / "strong_export_dericmei.csv")
    assert done["status"] == "succeeded", done["error"]
    assert (done["weight_unit"], done["weight_unit_source"]) == ("lb", "values")
    assert (done["counts"]["workouts_created"], done["counts"]["sets_created"], done["counts"]["rows_rejected"]) == (69, 1363, 0)
    weights = db.scalars(
        select(WorkoutSet.weight_kg).join(WorkoutExercise).join(Workout).where(Workout.user_id == person.id, WorkoutSet.weight_kg > 0)
    ).all()
    assert weights and all(abs(w * 4 - round(w * 4)) < 0.001 for w in weights)
    assert max(weights) <= 200  # read as kilograms they would reach 440


@pytest.mark.parametrize(("name", "workouts", "sets", "unit"), [
    ("strong_export_kyriakakis.csv", 86, 1903, "kg"),
    ("hevy_export_stvrv.csv", 232, 4063, "kg"),
])
def test_a_real_export_imports_once(make_user, db, name, workouts, sets, unit):
    person = make_user("real", time_zone="Europe/Athens")
    first = upload(person, FIXTURES / "real-logs" / name)
    assert first["status"] == "succeeded", first["error"]
    counts = first["counts"]
    assert (counts["workouts_created"], counts["sets_created"], counts["rows_rejected"]) == (workouts, sets, 0)
    assert first["weight_unit"] == unit and first["time_zone"] == "Europe/Athens"
    assert stored(db, person.id) == (workouts, sets)
    # A history this large is followed by ANALYZE: the planner knows the sets table's new size.
    estimate = db.scalar(text("SELECT reltuples FROM pg_class WHERE oid = 'app.workout_sets'::regclass"))
    assert estimate == pytest.approx(db.scalar(select(func.count()).select_from(WorkoutSet)), rel=0.02)
    # Every name is reported with what it became; those not in the library with suggestions.
    report = {e["name"]: e for e in first["exercises"]}
    assert sum(e["sets"] for e in report.values()) == sets
    unmatched = [e for e in report.values() if not e["in_library"]]
    assert counts["exercise_names_unmatched"] == len(unmatched) and all(e["method"] == "custom" and e["suggestions"] for e in unmatched)
    assert counts["sets_mapped_to_library"] == sum(e["sets"] for e in report.values() if e["in_library"])
    assert counts["share_of_sets_mapped"] >= 0.9  # docs/import.md

    again = upload(person, FIXTURES / "real-logs" / name)
    assert again["counts"]["workouts_created"] == 0 and again["counts"]["duplicates_skipped"] == workouts
    assert stored(db, person.id) == (workouts, sets)
    # The records and progress of the imported history work like logged ones.
    assert person.get("/records").json()


def test_a_later_export_adds_only_new_sessions(make_user, db):
    person = make_user("overlap")
    first = upload(person, FIXTURES / "imports" / "strong_first_export.csv")
    later = upload(person, FIXTURES / "imports" / "strong_later_export.csv")
    assert first["counts"]["workouts_created"] == 3
    assert (later["counts"]["workouts_created"], later["counts"]["duplicates_skipped"]) == (2, 2)
    assert stored(db, person.id) == (5, 5)


@pytest.mark.parametrize(("name", "form", "expected_kg", "unit", "source"), [
    ("strong_pounds_no_unit.csv", {"units": "lb"}, 61.235, "lb", "request"),
    ("strong_pounds_no_unit.csv", {}, 135.0, "kg", "profile"),
    ("strong_semicolon_units.csv", {}, 43.091, "per row", "file"),
    ("hevy_pounds_miles.csv", {}, 13.608, "lb", "file"),
])
def test_the_weight_unit_comes_from_the_file_the_request_or_the_profile(make_user, name, form, expected_kg, unit, source):
    person = make_user("units", unit_system="metric")
    done = upload(person, FIXTURES / "imports" / name, **form)
    assert (done["weight_unit"], done["weight_unit_source"]) == (unit, source)
    workout = person.get("/workouts", params={"units": "metric", "include": "sets"}).json()["items"][-1]
    assert workout["exercises"][0]["sets"][0]["weight"] == pytest.approx(expected_kg, abs=1e-3)


def test_naive_times_are_read_in_the_persons_time_zone_unless_the_request_names_one(make_user):
    person = make_user("zones", time_zone="America/New_York")
    upload(person, FIXTURES / "imports" / "strong_minimal.csv")
    started = {w["name"]: w["started_at"] for w in person.get("/workouts").json()["items"]}
    assert started["Push A"] == "2024-03-04T12:30:00Z"  # 07:30 in New York (EST)
    other = make_user("zones2")
    done = upload(other, FIXTURES / "imports" / "strong_minimal.csv", time_zone="Asia/Tokyo")
    assert done["time_zone"] == "Asia/Tokyo"
    assert {w["name"]: w["started_at"] for w in other.get("/workouts").json()["items"]}["Push A"] == "2024-03-03T22:30:00Z"


def test_rejected_rows_are_reported_and_the_rest_imported(make_user):
    person = make_user("bad_rows")
    done = upload(person, FIXTURES / "imports" / "strong_bad_values.csv")
    assert done["status"] == "succeeded" and done["counts"]["sets_created"] == 1 and done["counts"]["rows_rejected"] == 6
    assert {r["line"] for r in done["rejected"]} == {3, 4, 5, 6, 7, 8}


@pytest.mark.parametrize(("name", "where"), [
    ("strong_bad_date.csv", "line 4, column 1"),
    ("not_an_export.csv", "line 1"),
    ("combined_participants.csv", "several lifters (ana, bo)"),  # one person's account would get both
])
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_written(make_user, db, name, where):
    person = make_user("unreadable")
    response = person.post("/imports", files={"file": (name, (FIXTURES / "imports" / name).read_bytes(), "text/csv")})
    (error,) = response.json()["detail"]
    assert response.status_code == 422 and error["loc"] == ["body", "file"] and where in error["msg"]
    assert stored(db, person.id) == (0, 0)
    assert db.scalar(select(func.count()).select_from(Import).where(Import.user_id == person.id)) == 0


def test_bad_form_fields_name_the_field(make_user):
    person = make_user("form")
    file = {"file": ("a.csv", (FIXTURES / "imports" / "strong_minimal.csv").read_bytes(), "text/csv")}
    for form, field in (({"time_zone": "Mars/Olympus"}, "time_zone"), ({"units": "stone"}, "units"), ({"format": "fitbod"}, "format")):
        response = person.post("/imports", files=file, data=form)
        assert response.status_code == 422 and field in str(response.json()["detail"]), response.text
    wrong = person.post("/imports", files=file, data={"format": "hevy"})
    assert wrong.status_code == 422 and "hevy" in wrong.json()["detail"][0]["msg"]


def test_a_file_over_the_limit_is_refused(app, make_user):
    person = make_user("big")
    limit = app.state.settings.max_import_bytes
    response = person.post("/imports", files={"file": ("big.csv", b"x" * (limit + 1), "text/csv")})
    assert response.status_code == 413


def test_changing_a_mapping_moves_the_imported_sets_and_is_used_next_time(make_user, db, exercise_ids):
    person = make_user("remap")
    done = upload(person, FIXTURES / "imports" / "strong_minimal.csv")
    names = {e["name"]: e for e in done["exercises"]}
    assert names["Bench Press (Barbell)"]["exercise_name"] == "Barbell Bench Press"
    # Say it was really the dumbbell press.
    dumbbell = exercise_ids["Dumbbell Bench Press"]
    moved = person.put("/imports/mappings", json={"source_name": "Bench Press (Barbell)", "exercise_id": dumbbell})
    assert moved.status_code == 200 and moved.json()["moved"] == 1
    entries = db.scalars(select(WorkoutExercise.exercise_id).where(WorkoutExercise.imported_name == "Bench Press (Barbell)")).all()
    assert set(entries) == {dumbbell}
    mappings = {m["source_name"]: m["exercise_id"] for m in person.get("/imports/mappings").json()}
    assert mappings["Bench Press (Barbell)"] == dumbbell
    later = upload(person, FIXTURES / "imports" / "strong_first_export.csv")
    assert {e["name"]: e["exercise_id"] for e in later["exercises"]}["Bench Press (Barbell)"] == dumbbell
    # Unknown names and other people's exercises are not found.
    assert person.put("/imports/mappings", json={"source_name": "Never imported", "exercise_id": dumbbell}).status_code == 404
    other = make_user("other")
    secret = other.post("/exercises", json={"name": "Mine", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}).json()
    assert person.put("/imports/mappings", json={"source_name": "Bench Press (Barbell)", "exercise_id": secret["id"]}).status_code == 404


def test_a_changed_mapping_follows_into_the_routines_the_import_planned(make_user, exercise_ids):
    person = make_user("remap_routine")
    done = upload(person, FIXTURES / "imports" / "strong_first_export.csv")
    assert done["counts"]["routines_created"] == 1  # "A" recurs
    back, front = exercise_ids["Barbell Back Squat"], exercise_ids["Barbell Front Squat"]
    mine = person.post("/routines", json={"name": "My squats", "exercises": [{"exercise_id": back, "target_sets": 5}]}).json()
    assert person.put("/imports/mappings", json={"source_name": "Squat (Barbell)", "exercise_id": front}).status_code == 200
    planned = {r["name"]: [e["exercise_id"] for e in r["exercises"]] for r in person.get("/routines").json()}
    assert planned == {"A": [front], mine["name"]: [back]}


def test_unmatched_names_become_the_persons_own_exercises(make_user, db):
    person = make_user("customs")
    done = upload(person, FIXTURES / "real-logs" / "hevy_export_stvrv.csv")
    customs = db.scalars(select(Exercise).where(Exercise.owner_id == person.id)).all()
    assert {c.name for c in customs} == {e["name"] for e in done["exercises"] if not e["in_library"]}
    by_name = {c.name: c for c in customs}
    pushdown = by_name["Single Arm Triceps Pushdown (Cable)"]
    assert (pushdown.primary_muscle, pushdown.equipment, pushdown.exercise_type) == ("TRICEPS", "CABLE", "STRENGTH")
    # Only their owner sees them.
    other = make_user("not_owner")
    assert other.get(f"/exercises/{pushdown.id}").status_code == 404


def test_only_the_owner_sees_an_import(make_user):
    owner, intruder = make_user("owner"), make_user("intruder")
    done = upload(owner, FIXTURES / "imports" / "strong_minimal.csv")
    assert intruder.get(f"/imports/{done['id']}").status_code == 404
    assert intruder.get("/imports").json()["total"] == 0 and owner.get("/imports").json()["total"] == 1
    assert intruder.get("/imports/mappings").json() == []
