"""Training-load warnings computed from the app's data at request time (GET /safety/load), and
the next-workout plan leaving out a muscle in a spike. Expected numbers are worked out here from
the workouts the test logs."""

from datetime import UTC, datetime, time, timedelta


def _log(person, exercise_id, day, sets, minutes=60, rpe=7):
    start = datetime.combine(day, time(7), UTC)
    body = {
        "name": "Session", "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(minutes=minutes)).isoformat(),
        "exercises": [{"exercise_id": exercise_id, "sets": [{"reps": 8, "weight": 60, "rpe": rpe} for _ in range(sets)]}],
    }
    assert person.post("/workouts", json=body).status_code == 201


def test_a_spike_week_warns_for_the_person_and_the_muscle_and_the_plan_spares_it(make_user, exercise_ids):
    lifter = make_user("spiker")
    squat, bench = exercise_ids["Barbell Back Squat"], exercise_ids["Barbell Bench Press"]
    today = datetime.now(UTC).date()
    # Four steady weeks: two 60-minute sessions at RPE 7 a week (load 420 each), 3 sets of squats.
    for week in range(5, 1, -1):
        for day in (0, 3):
            _log(lifter, squat, today - timedelta(days=7 * week - day), 3)
    steady = lifter.get("/safety/load", params={"day": (today - timedelta(days=8)).isoformat()}).json()
    assert steady["warning"] is False and steady["messages"] == []
    # Then a week of five long sessions with many more squat sets.
    for back in range(5, 0, -1):
        _log(lifter, squat, today - timedelta(days=back), 6, minutes=90, rpe=9)
    _log(lifter, bench, today - timedelta(days=1), 3)

    load = lifter.get("/safety/load").json()
    acute = 5 * 90 * 9 + 60 * 7  # the spike week, and the bench session
    chronic = acute + 5 * 420  # the steady sessions still inside the 28 days (25, 21, 18, 14 and 11 days ago)
    assert (load["acute_load_7d"], load["chronic_load_28d"]) == (acute, chronic)
    assert load["acwr"] == round(4 * acute / chronic, 4) and load["warning"] is True
    legs = next(m for m in load["muscles"] if m["muscle_group"] == "LEGS")
    assert (legs["hard_sets_7d"], legs["prior_week_hard_sets"], legs["warning"]) == (30, 3, True)
    chest = next(m for m in load["muscles"] if m["muscle_group"] == "CHEST")
    assert chest["warning"] is False  # 3 sets: a jump from nothing, but too few to matter
    assert len(load["messages"]) == 2 and "Legs: 30 working sets" in load["messages"][1]

    plan = lifter.post("/recommendations/next-workout", json={"exercises": 6}).json()
    assert plan["load_spike_muscles"] == ["LEGS"]
    assert all(item["primary_muscle"] != "LEGS" for item in plan["exercises"]) and plan["exercises"]


def test_a_new_person_is_not_warned_and_bad_days_are_refused(make_user, exercise_ids):
    newcomer = make_user("newcomer")
    empty = newcomer.get("/safety/load").json()
    assert (empty["acwr"], empty["days_of_history"], empty["warning"], empty["muscles"]) == (None, 0, False, [])
    today = datetime.now(UTC).date()
    for back in (2, 1, 0):
        _log(newcomer, exercise_ids["Barbell Back Squat"], today - timedelta(days=back), 8)
    first_week = newcomer.get("/safety/load").json()
    # Everything is "acute" in a first week (ratio 4), but without 28 days of history that says nothing.
    assert first_week["acwr"] == 4.0 and first_week["warning"] is False
    assert [m["warning"] for m in first_week["muscles"]] == [False]
    for bad in ("1899-12-31", (today + timedelta(days=2)).isoformat(), "yesterday", "2026-02-30"):
        response = newcomer.get("/safety/load", params={"day": bad})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "day"], bad
