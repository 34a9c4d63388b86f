"""The original design's user journeys that exist by now, end to end through the API on real
PostgreSQL: register → log workouts → goals → friends → privacy."""

from datetime import UTC, datetime, timedelta


def test_a_new_lifters_first_weeks(client, make_user, exercise_ids):
    # Register and set up a profile in pounds.
    maya = make_user("maya", fitness_goal="strength", experience_level="beginner", unit_system="imperial")
    squat = exercise_ids["Barbell Back Squat"]
    bench = exercise_ids["Barbell Bench Press"]
    maya.post("/stats", json={"weight": 150})

    # Goals first: a squat target, and training three times.
    squat_goal = maya.post("/goals", json={"title": "Squat 185", "goal_type": "strength", "metric": "one_rep_max", "exercise_id": squat, "target_value": 185}).json()
    habit_goal = maya.post("/goals", json={"title": "Three sessions", "goal_type": "general_fitness", "metric": "workout_count", "target_value": 3}).json()

    # Three live sessions, adding 10 lb a session.
    for session_no, load in enumerate((135, 145, 155)):
        plan = maya.post("/workouts", json={"name": f"Session {session_no + 1}", "exercises": [
            {"exercise_id": squat, "target_sets": 3, "target_reps": 5, "target_weight": load},
            {"exercise_id": bench, "target_sets": 3, "target_reps": 5, "target_weight": load - 40},
        ]}).json()
        maya.post(f"/workouts/{plan['id']}/start")
        for entry in plan["exercises"]:
            weight = entry["target_weight"]
            maya.post(f"/workouts/{plan['id']}/exercises/{entry['id']}/sets", json={"set_type": "warmup", "reps": 5, "weight": 45})
            for rpe in (7, 8, 9):
                assert maya.post(f"/workouts/{plan['id']}/exercises/{entry['id']}/sets", json={"reps": 5, "weight": weight, "rpe": rpe}).status_code == 201
        done = maya.post(f"/workouts/{plan['id']}/complete").json()
        assert done["total_volume"] == 15 * load + 15 * (load - 40)

    # Progress: records in her units, goals moved by her own data.
    record = maya.get(f"/records/{squat}").json()
    assert record["heaviest_weight"]["value"] == 155.0
    assert record["best_estimated_1rm"]["value"] == round(155 * (1 + 5 / 30), 3)
    goals = {g["id"]: g for g in maya.get("/goals").json()}
    assert goals[habit_goal["id"]]["is_achieved"]
    assert not goals[squat_goal["id"]]["is_achieved"] and 0.9 < goals[squat_goal["id"]]["progress"] < 1

    # Friends: Leo asks, Maya accepts; Leo sees her sessions in his feed.
    leo = make_user("leo")
    request = leo.post("/friendships", json={"username": maya.username}).json()
    maya.post(f"/friendships/{request['id']}/accept")
    feed = leo.get("/feed").json()
    assert feed["total"] == 3 and {i["friend"]["username"] for i in feed["items"]} == {maya.username}
    assert feed["items"][0]["workout"]["units"] == "metric"  # shown in Leo's units

    # Privacy: Maya hides her workouts; the feed empties and direct views 404.
    maya.patch("/users/me", json={"workout_visibility": "private"})
    assert leo.get("/feed").json()["total"] == 0
    assert leo.get(f"/users/{maya.id}/workouts").status_code == 404
    # Her own view is unchanged.
    assert maya.get("/workouts", params={"status": "completed"}).json()["total"] == 3

    # An offline upload retried twice lands once.
    start = datetime.now(UTC) - timedelta(days=1)
    offline = {"client_id": "6f1c9a52-3d4e-4f7a-9b1e-2c8d7e6f5a40", "name": "Gym, no signal", "status": "completed",
               "started_at": start.isoformat(), "completed_at": (start + timedelta(minutes=50)).isoformat(),
               "exercises": [{"exercise_id": squat, "sets": [{"reps": 5, "weight": 160}]}]}
    assert [maya.post("/workouts", json=offline).status_code for _ in range(3)] == [201, 200, 200]
    assert maya.get("/workouts").json()["total"] == 4
    assert maya.get(f"/records/{squat}").json()["heaviest_weight"]["value"] == 160.0
