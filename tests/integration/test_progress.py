"""Body stats, goals and personal records."""

from datetime import UTC, datetime, timedelta

import pytest

T0 = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)


def squat_session(exercise_id, day, sets):
    start = T0 + timedelta(days=day)
    return {
        "name": f"Squat day {day}",
        "status": "completed",
        "started_at": start.isoformat(),
        "completed_at": (start + timedelta(minutes=45)).isoformat(),
        "exercises": [{"exercise_id": exercise_id, "sets": [{"reps": r, "weight": w, **extra} for r, w, extra in sets]}],
    }


def test_body_stats_crud_and_units(make_user):
    user = make_user("stats", unit_system="imperial")
    created = user.post("/stats", json={"weight": 180.5, "body_fat_pct": 18.5, "resting_heart_rate": 58, "recorded_at": T0.isoformat()})
    assert created.status_code == 201, created.text
    stat = created.json()
    assert stat["weight"] == 180.5 and stat["units"] == "imperial"
    assert user.get(f"/stats/{stat['id']}", params={"units": "metric"}).json()["weight"] == 81.873
    user.post("/stats", json={"weight": 179, "recorded_at": (T0 + timedelta(days=7)).isoformat()})
    listed = user.get("/stats").json()
    assert listed["total"] == 2 and listed["items"][0]["weight"] == 179.0  # newest first
    window = user.get("/stats", params={"from": (T0 + timedelta(days=1)).isoformat()}).json()
    assert window["total"] == 1
    assert user.patch(f"/stats/{stat['id']}", json={"notes": "after holiday"}).json()["notes"] == "after holiday"
    assert user.patch(f"/stats/{stat['id']}", json={"weight": None, "body_fat_pct": None, "resting_heart_rate": None}).status_code == 422
    assert user.delete(f"/stats/{stat['id']}").status_code == 204
    assert user.get("/stats").json()["total"] == 1


def test_muscle_mass_alone_is_a_measurement_in_the_persons_units(make_user):
    user = make_user("scale", unit_system="imperial")
    stat = user.post("/stats", json={"muscle_mass": 80}).json()
    assert stat["muscle_mass"] == 80.0 and stat["weight"] is None
    assert user.get(f"/stats/{stat['id']}", params={"units": "metric"}).json()["muscle_mass"] == 36.287
    assert user.patch(f"/stats/{stat['id']}", json={"muscle_mass": 82.5}).json()["muscle_mass"] == 82.5
    # The last measurement may not go; nor may a mass the column cannot hold (under 300 kg).
    assert user.patch(f"/stats/{stat['id']}", json={"muscle_mass": None}).json()["detail"][0]["loc"] == ["body", "weight"]
    for value, units in ((350, "metric"), (700, "imperial")):
        too_heavy = user.post("/stats", params={"units": units}, json={"muscle_mass": value})
        assert too_heavy.status_code == 422 and too_heavy.json()["detail"][0]["loc"] == ["body", "muscle_mass"], too_heavy.text


def test_personal_records(make_user, exercise_ids):
    user = make_user("pr")
    squat = exercise_ids["Barbell Back Squat"]
    user.post("/workouts", json=squat_session(squat, 0, [(5, 100, {}), (5, 100, {}), (8, 90, {})]))
    user.post("/workouts", json=squat_session(squat, 3, [(1, 120, {}), (3, 110, {}), (15, 60, {}), (5, 140, {"set_type": "warmup"})]))
    records = user.get(f"/records/{squat}").json()
    # Day 0: e1RM max(100*(1+5/30)=116.667, 90*(1+8/30)=114) ; day 3: 120 (single), 110*1.1=121 -> 121
    assert records["best_estimated_1rm"]["value"] == pytest.approx(121.0, abs=1e-3)
    assert records["heaviest_weight"]["value"] == 120.0  # the 140 warm-up does not count
    assert records["most_reps"]["value"] == 15
    # Volume per workout: day 0 = 500+500+720 = 1720; day 3 = 120+330+900 = 1350.
    assert records["most_volume"]["value"] == 1720.0
    day0 = records["most_volume"]["workout_id"]
    assert records["best_estimated_1rm"]["workout_id"] != day0
    every = user.get("/records").json()
    assert [r["exercise_name"] for r in every] == ["Barbell Back Squat"]
    lb = user.get(f"/records/{squat}", params={"units": "imperial"}).json()
    assert lb["heaviest_weight"]["value"] == 264.555
    empty = user.get(f"/records/{exercise_ids['Push-Up']}").json()
    assert empty["best_estimated_1rm"] is None and empty["most_reps"] is None


def test_goals_progress_and_achievement(make_user, exercise_ids):
    user = make_user("goals", fitness_goal="weight_loss")
    squat = exercise_ids["Barbell Back Squat"]
    user.post("/stats", json={"weight": 90, "recorded_at": T0.isoformat()})
    weight_goal = user.post("/goals", json={"title": "Reach 85 kg", "goal_type": "weight_loss", "metric": "body_weight", "target_value": 85}).json()
    assert weight_goal["start_value"] == 90.0 and weight_goal["progress"] == 0.0 and not weight_goal["is_achieved"]
    strength_goal = user.post("/goals", json={"title": "Squat 120", "goal_type": "strength", "metric": "one_rep_max", "exercise_id": squat, "target_value": 120}).json()
    assert strength_goal["exercise_name"] == "Barbell Back Squat" and strength_goal["current_value"] is None
    count_goal = user.post("/goals", json={"title": "Two sessions", "goal_type": "general_fitness", "metric": "workout_count", "target_value": 2}).json()
    distance_goal = user.post("/goals", json={"title": "Run 10 km", "goal_type": "endurance", "metric": "total_distance", "target_value": 10}).json()
    # Workouts must complete after the goal is set to count towards a counting goal.
    now = datetime.now(UTC)
    user.post("/workouts", json={**squat_session(squat, 0, [(5, 100, {})]), "started_at": now.isoformat(), "completed_at": (now + timedelta(minutes=40)).isoformat()})
    user.post("/stats", json={"weight": 87.5})
    goals = {g["id"]: g for g in user.get("/goals").json()}
    assert goals[weight_goal["id"]]["progress"] == 0.5
    assert goals[strength_goal["id"]]["current_value"] == pytest.approx(116.667, abs=1e-3)
    assert goals[count_goal["id"]]["current_value"] == 1.0 and goals[count_goal["id"]]["progress"] == 0.5
    run = exercise_ids["Outdoor Running"]
    later = now + timedelta(hours=2)
    user.post("/workouts", json={"name": "Run", "status": "completed", "started_at": later.isoformat(), "completed_at": (later + timedelta(hours=1)).isoformat(),
                                  "exercises": [{"exercise_id": run, "sets": [{"distance": 10.5, "duration_s": 3600}]}]})
    user.post("/stats", json={"weight": 84.9})
    goals = {g["id"]: g for g in user.get("/goals").json()}
    for goal_id in (weight_goal["id"], count_goal["id"], distance_goal["id"]):
        assert goals[goal_id]["is_achieved"] and goals[goal_id]["achieved_at"] and goals[goal_id]["progress"] == 1.0
    assert goals[distance_goal["id"]]["current_value"] == 10.5
    assert not goals[strength_goal["id"]]["is_achieved"]
    # Achieved stays achieved, even when the weight comes back.
    user.post("/stats", json={"weight": 88})
    assert user.get(f"/goals/{weight_goal['id']}").json()["is_achieved"]
    edited = user.patch(f"/goals/{strength_goal['id']}", json={"target_value": 110, "title": "Squat 110"})
    assert edited.json()["is_achieved"] and edited.json()["title"] == "Squat 110"
    assert user.patch(f"/goals/{strength_goal['id']}", json={"title": None}).status_code == 422
    assert user.delete(f"/goals/{strength_goal['id']}").status_code == 204
    assert len(user.get("/goals").json()) == 3


def test_goal_in_imperial_units(make_user):
    user = make_user("imp", unit_system="imperial")
    goal = user.post("/goals", json={"title": "Run 3 miles", "goal_type": "endurance", "metric": "total_distance", "target_value": 3}).json()
    assert goal["target_value"] == 3.0 and goal["units"] == "imperial"
    assert user.get(f"/goals/{goal['id']}", params={"units": "metric"}).json()["target_value"] == 4.828


def test_goal_validation(make_user, exercise_ids):
    user = make_user("gv")
    missing = user.post("/goals", json={"title": "x", "goal_type": "strength", "metric": "one_rep_max", "target_value": 100})
    assert missing.status_code == 422 and "exercise_id" in missing.text
    extra = user.post("/goals", json={"title": "x", "goal_type": "strength", "metric": "workout_count", "target_value": 3, "exercise_id": exercise_ids["Push-Up"]})
    assert extra.status_code == 422


def test_concurrent_workouts_and_goal_edits_leave_goals_counted_and_achieved_once(make_user, exercise_ids, db):
    """Ten workouts finishing at once, with edits of the goal among them: the stored count is all
    ten (each refresh counts what the ones before it committed), and the goal is achieved once."""
    from concurrent.futures import ThreadPoolExecutor

    from api.models import UserGoal

    user = make_user("rushed")
    squat = exercise_ids["Barbell Back Squat"]
    goal = user.post("/goals", json={"title": "Ten sessions", "goal_type": "general_fitness", "metric": "workout_count", "target_value": 10}).json()
    now = datetime.now(UTC)
    calls = [("POST", "/workouts", {**squat_session(squat, 0, [(5, 100, {})]), "started_at": (now + timedelta(minutes=n)).isoformat(),
                                     "completed_at": (now + timedelta(minutes=n + 30)).isoformat()}) for n in range(10)]
    calls += [("PATCH", f"/goals/{goal['id']}", {"title": f"Ten sessions ({n})"}) for n in range(5)]
    with ThreadPoolExecutor(max_workers=15) as pool:
        answers = list(pool.map(lambda call: user.client.request(call[0], call[1], headers=user.headers, json=call[2]), calls))
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers if a.status_code >= 300]
    # Read what is stored (GET /goals would recompute it).
    db.expire_all()
    stored = db.get(UserGoal, goal["id"])
    assert stored.current_value == 10 and stored.is_achieved and stored.achieved_at is not None
    achieved_at = stored.achieved_at
    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(lambda _: user.get("/goals"), range(5)))
    db.expire_all()
    assert db.get(UserGoal, goal["id"]).achieved_at == achieved_at
