"""Recommendation endpoints with no model registered (the test MLflow store is empty): the
popularity fallback, equipment and privacy rules, feedback, recovery, caching and bad input."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from conftest import REDIS_URL, redis_available
from sqlalchemy import func, select

from api.models import Recommendation, RecommendationFeedback


def completed(exercise_sets: dict[int, list[dict]], hours_ago: float = 0, name: str = "Session") -> dict:
    end = datetime.now(UTC) - timedelta(hours=hours_ago)
    return {
        "name": name,
        "status": "completed",
        "started_at": (end - timedelta(minutes=50)).isoformat(),
        "completed_at": end.isoformat(),
        "exercises": [{"exercise_id": e, "sets": sets} for e, sets in exercise_sets.items()],
    }


def test_without_a_model_the_fallback_answers_from_popularity_in_the_same_goal(make_user, exercise_ids):
    squat, plank = exercise_ids["Barbell Back Squat"], exercise_ids["Plank"]
    for i in range(3):  # strength lifters squat
        lifter = make_user(f"lifter{i}", fitness_goal="strength", experience_level="beginner")
        lifter.post("/workouts", json=completed({squat: [{"reps": 5, "weight": 100}]}, hours_ago=24 * (i + 3)))
    other = make_user("core", fitness_goal="endurance")
    for i in range(5):
        other.post("/workouts", json=completed({plank: [{"duration_s": 60}]}, hours_ago=24 * (i + 3)))

    me = make_user("me", fitness_goal="strength", experience_level="beginner")
    answer = me.post("/recommendations/exercises", json={"k": 5})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["model"] == {"name": "exercise-recommender", "version": None, "source": "popularity_fallback"}
    assert body["items"][0]["exercise_id"] == squat  # what people with my goal and level train
    assert [i["rank"] for i in body["items"]] == [1, 2, 3, 4, 5]
    assert len({i["exercise_id"] for i in body["items"]}) == 5


def test_recommendations_respect_equipment_and_never_show_someone_elses_custom_exercise(make_user, exercise_ids):
    owner = make_user("owner", fitness_goal="general_fitness")
    secret = owner.post("/exercises", json={"name": "Secret move", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}).json()
    for i in range(6):
        owner.post("/workouts", json=completed({secret["id"]: [{"reps": 10}]}, hours_ago=24 * (i + 3)))

    me = make_user("home", fitness_goal="general_fitness")
    assert me.patch("/users/me", json={"available_equipment": ["BANDS"]}).json()["available_equipment"] == ["BANDS"]
    items = me.post("/recommendations/exercises", json={"k": 50}).json()["items"]
    assert items and {i["equipment"] for i in items} <= {"NONE", "BANDS"}
    assert secret["id"] not in {i["exercise_id"] for i in items}
    # The owner may be offered their own exercise.
    assert secret["id"] in {i["exercise_id"] for i in owner.post("/recommendations/exercises", json={"k": 50}).json()["items"]}
    chest = me.post("/recommendations/exercises", json={"k": 50, "muscle_group": "CHEST"}).json()["items"]
    assert chest and all(i["equipment"] in ("NONE", "BANDS") for i in chest)


@pytest.mark.parametrize(
    ("body", "status", "mentions"),
    [
        ({"k": 0}, 422, "k"),
        ({"k": 51}, 422, "k"),
        ({"k": "ten"}, 422, "k"),
        ({"user_id": 999_999_999}, 404, "user 999999999"),
        ({"muscle_group": "WINGS"}, 422, "muscle_group"),
        ({"colour": "red"}, 422, "colour"),
    ],
)
def test_bad_recommendation_requests_are_4xx_naming_the_problem(make_user, db, body, status, mentions):
    me = make_user("bad")
    before = db.scalar(select(func.count()).select_from(Recommendation))
    answer = me.post("/recommendations/exercises", json=body)
    assert answer.status_code == status
    assert mentions in answer.text
    assert db.scalar(select(func.count()).select_from(Recommendation)) == before


def test_another_persons_recommendations_and_neighbours_are_not_found(make_user, client):
    me, other = make_user("me"), make_user("other")
    assert me.post("/recommendations/exercises", json={"user_id": other.id}).status_code == 404
    assert me.get(f"/similar-users/{other.id}").status_code == 404
    assert me.get("/similar-users/999999999").status_code == 404
    assert me.get(f"/similar-users/{me.id}", params={"k": 0}).status_code == 422
    assert client.post("/recommendations/exercises", json={}).status_code == 401


def test_feedback_is_stored_once_and_only_on_your_own_recommendation(make_user, db):
    me, other = make_user("fb"), make_user("nosy")
    recommendation = me.post("/recommendations/exercises", json={"k": 3}).json()
    exercise_id = recommendation["items"][0]["exercise_id"]
    url = f"/recommendations/{recommendation['id']}/feedback"
    first = me.post(url, json={"exercise_id": exercise_id, "action": "accepted"})
    assert first.status_code == 201 and first.json()["action"] == "accepted"
    assert me.post(url, json={"exercise_id": exercise_id, "action": "accepted"}).status_code == 200
    assert me.post(url, json={"exercise_id": exercise_id, "action": "thumbs_up"}).status_code == 201
    assert other.post(url, json={"exercise_id": exercise_id, "action": "skipped"}).status_code == 404
    not_offered = me.post(url, json={"exercise_id": 999_999, "action": "skipped"})
    assert not_offered.status_code == 422 and "999999" in not_offered.text
    assert me.post(url, json={"exercise_id": exercise_id, "action": "love"}).status_code == 422
    assert me.post("/recommendations/999999999/feedback", json={"exercise_id": exercise_id, "action": "skipped"}).status_code == 404
    stored = db.scalars(select(RecommendationFeedback).where(RecommendationFeedback.user_id == me.id)).all()
    assert sorted(f.action.value for f in stored) == ["accepted", "thumbs_up"]
    assert all(f.is_synthetic for f in stored)  # a .test account's feedback is synthetic, like its other rows


def test_next_workout_leaves_out_muscles_trained_hard_in_the_last_48_hours(make_user, exercise_ids):
    me = make_user("legs", fitness_goal="muscle_gain", experience_level="intermediate", unit_system="imperial")
    squat = exercise_ids["Barbell Back Squat"]
    # Eight working sets of squats yesterday, earlier sessions for the weight suggestion.
    for days, weight in ((9, 95), (6, 97.5), (3, 100)):
        me.post("/workouts", json=completed({squat: [{"reps": 8, "weight": weight, "rpe": 8}] * 3}, hours_ago=24 * days))
    me.post("/workouts", json=completed({squat: [{"reps": 8, "weight": 100}] * 8}, hours_ago=20))

    plan = me.post("/recommendations/next-workout", json={"exercises": 5})
    assert plan.status_code == 200, plan.text
    body = plan.json()
    assert "LEGS" in body["recovering_muscles"]
    assert body["exercises"] and all(e["primary_muscle"] != "LEGS" for e in body["exercises"])
    assert body["unit_system"] == "imperial"
    assert all(e["sets"] == 4 and e["reps"] in (10, None) for e in body["exercises"])  # muscle gain: 4 x 10
    # Weights are shown on the person's plates: whole 5 lb steps.
    assert all(e["suggested_weight"] % 5 == 0 for e in body["exercises"] if e["suggested_weight"] is not None)

    anyway = me.post("/recommendations/next-workout", json={"exercises": 8, "include_recovering_muscles": True}).json()
    assert anyway["recovering_muscles"] == []
    squat_plan = [e for e in anyway["exercises"] if e["exercise_id"] == squat]
    if squat_plan:  # the ranking decides; when squats are in, their weight comes from history
        assert squat_plan[0]["suggested_weight"] is not None and squat_plan[0]["weight_basis"] == "repeat_last"
    assert me.post("/recommendations/next-workout", json={"exercises": 1}).status_code == 422


@pytest.mark.skipif(not redis_available(REDIS_URL), reason=f"no Redis at {REDIS_URL}: answers are not cached without one")
def test_answers_are_cached_until_the_person_logs_a_workout(make_user, exercise_ids):
    me = make_user("cache")
    first = me.post("/recommendations/exercises", json={"k": 4}).json()
    again = me.post("/recommendations/exercises", json={"k": 4}).json()
    assert (first["cached"], again["cached"]) == (False, True)
    assert again["id"] == first["id"] and again["items"] == first["items"]
    assert me.post("/recommendations/exercises", json={"k": 5}).json()["cached"] is False  # another question
    me.post("/workouts", json=completed({exercise_ids["Plank"]: [{"duration_s": 30}]}, name=str(uuid.uuid4())))
    fresh = me.post("/recommendations/exercises", json={"k": 4}).json()
    assert fresh["cached"] is False and fresh["id"] != first["id"]
    # Selling the barbell retires the answers too: nothing that needs one is offered after.
    assert me.post("/recommendations/exercises", json={"k": 4}).json()["cached"] is True
    assert me.patch("/users/me", json={"available_equipment": ["NONE"]}).status_code == 200
    bodyweight = me.post("/recommendations/exercises", json={"k": 4}).json()
    assert bodyweight["cached"] is False and {i["equipment"] for i in bodyweight["items"]} == {"NONE"}


def test_model_endpoints_without_models_and_admin_rights(make_user, db):
    me = make_user("ds")
    models = me.get("/models").json()["models"]
    assert {m["name"] for m in models} == {"exercise-recommender", "similar-users", "exercise-progression", "text-moderation"}
    assert all(m["version"] is None for m in models)
    assert me.post("/models/train").status_code == 403
    assert me.post("/models/reload").status_code == 403
    assert me.get(f"/models/train/{uuid.uuid4()}").status_code == 403
    from api.models import User

    db.get(User, me.id).is_admin = True
    db.commit()
    assert me.get(f"/models/train/{uuid.uuid4()}").status_code == 404
    assert me.get("/models/train/not-a-uuid").status_code == 422
    assert me.post("/models/reload").status_code == 200


def test_an_unreachable_mlflow_server_never_stops_the_api(database_url):
    from conftest import ApiUser, make_settings
    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = make_settings(mlflow_tracking_uri="http://127.0.0.1:9/", model_refresh_seconds=3600)
    with TestClient(create_app(settings, database_url=database_url.render_as_string(hide_password=False))) as client:
        me = ApiUser(client, "offline_models")
        answer = me.post("/recommendations/exercises", json={"k": 3})
        assert answer.status_code == 200 and answer.json()["model"]["source"] == "popularity_fallback"
        plan = me.post("/recommendations/next-workout", json={"exercises": 3})
        assert plan.status_code == 200 and len(plan.json()["exercises"]) == 3
        models = me.get("/models").json()["models"]
        # Someone who is not an admin learns that the check failed, not the server's error text.
        assert all(m["version"] is None and m["last_error"] == "the last check failed" and m["run_id"] is None for m in models)
        me.delete("/users/me")


def test_the_demo_person_manages_models_only_on_a_server_run_with_debug(database_url, db):
    from conftest import make_settings
    from fastapi.testclient import TestClient

    from api.main import create_app
    from synthetic.demo import DEMO_EMAIL, DEMO_PASSWORD, FRIEND_EMAIL, IMPORTED_EMAIL, create_demo_user

    create_demo_user(db, weeks=1)
    try:
        for debug, expected in ((False, 403), (True, 200)):
            app = create_app(make_settings(debug=debug), database_url=database_url.render_as_string(hide_password=False))
            with TestClient(app) as client:
                token = client.post("/auth/login", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}).json()["access_token"]
                assert client.post("/models/reload", headers={"Authorization": f"Bearer {token}"}).status_code == expected, debug
    finally:
        from api.users.service import find_by_login

        for login in (DEMO_EMAIL, FRIEND_EMAIL, IMPORTED_EMAIL):
            if (person := find_by_login(db, login)) is not None:
                db.delete(person)
        db.commit()
