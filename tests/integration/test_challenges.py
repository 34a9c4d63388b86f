"""Challenges among friends: invitations, joining, the leaderboard from workouts in the window,
verified accounts only, blocks and privacy respected."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text


def _verify(db, *people):
    db.execute(text("UPDATE app.users SET is_verified = true WHERE id = ANY(:ids)"), {"ids": [p.id for p in people]})
    db.commit()


def _friends(a, b):
    request = a.post("/friendships", json={"user_id": b.id}).json()
    b.post(f"/friendships/{request['id']}/accept")


def _lift(person, exercise_id, sets, days_ago=0, weight=100):
    end = datetime.now(UTC) - timedelta(days=days_ago, minutes=5)
    body = {"name": "Lift", "status": "completed", "started_at": (end - timedelta(hours=1)).isoformat(), "completed_at": end.isoformat(),
            "exercises": [{"exercise_id": exercise_id, "sets": [{"reps": 5, "weight": weight} for _ in range(sets)]}]}
    assert person.post("/workouts", json=body).status_code == 201


def test_a_volume_challenge_among_friends_ranks_the_joined_by_their_workouts_in_the_window(make_user, db, exercise_ids):
    ana, bo, cy = make_user("ana"), make_user("bo", workout_visibility="private"), make_user("cy")
    outsider = make_user("outsider")
    _verify(db, ana, bo, cy, outsider)
    _friends(ana, bo)
    _friends(ana, cy)
    today = datetime.now(UTC).date()
    body = {"title": "December legs", "metric": "volume", "muscle_group": "LEGS", "starts_on": (today - timedelta(days=3)).isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(), "invite": [bo.id, cy.id]}
    # Only verified friends can be invited.
    assert ana.post("/challenges", json=body | {"invite": [outsider.id]}).json()["detail"][0]["loc"] == ["body", "invite"]
    made = ana.post("/challenges", json=body)
    assert made.status_code == 201, made.text
    challenge = made.json()
    assert challenge["state"] == "running" and challenge["your_status"] == "joined" and challenge["units"] == "kg"
    assert {p["person"]["id"]: p["status"] for p in challenge["participants"]} == {ana.id: "joined", bo.id: "invited", cy.id: "invited"}
    assert "challenge_invite" in [n["kind"] for n in bo.get("/notifications").json()["items"]]

    squat, bench = exercise_ids["Barbell Back Squat"], exercise_ids["Barbell Bench Press"]
    _lift(ana, squat, 3)                   # 1500 kg of legs
    _lift(ana, bench, 5)                   # not legs
    _lift(bo, squat, 5)                    # 2500, but not joined yet
    _lift(bo, squat, 5, days_ago=6)        # before the window
    _lift(cy, squat, 4)
    assert [s["person"]["id"] for s in ana.get(f"/challenges/{challenge['id']}").json()["leaderboard"]] == [ana.id]
    assert bo.post(f"/challenges/{challenge['id']}/join").status_code == 200
    assert cy.post(f"/challenges/{challenge['id']}/leave").json()["your_status"] == "declined"
    board = ana.get(f"/challenges/{challenge['id']}").json()["leaderboard"]
    assert [(s["rank"], s["person"]["id"], s["value"], s["sessions"]) for s in board] == [(1, bo.id, 2500.0, 1), (2, ana.id, 1500.0, 2)]
    # Bo's workouts stay private: the challenge shows his total only.
    assert ana.get(f"/users/{bo.id}/workouts").status_code == 404
    imperial = bo.get(f"/challenges/{challenge['id']}", params={"units": "imperial"}).json()
    assert imperial["units"] == "lb" and imperial["leaderboard"][0]["value"] == round(2500 / 0.45359237, 3)

    # Strangers see nothing of it; a block hides each from the other's board.
    assert outsider.get(f"/challenges/{challenge['id']}").status_code == 404
    assert outsider.post(f"/challenges/{challenge['id']}/join").status_code == 404
    assert bo.post("/blocks", json={"user_id": ana.id}).status_code == 201
    assert bo.get(f"/challenges/{challenge['id']}").status_code == 404
    assert [s["person"]["id"] for s in cy.get(f"/challenges/{challenge['id']}").json()["leaderboard"]] == [bo.id, ana.id]
    assert [s["person"]["id"] for s in ana.get(f"/challenges/{challenge['id']}").json()["leaderboard"]] == [ana.id]
    assert bo.delete(f"/challenges/{challenge['id']}").status_code == 404
    assert ana.delete(f"/challenges/{challenge['id']}").status_code == 204


def test_unverified_people_cannot_start_or_join_and_bad_windows_are_refused(make_user, db):
    ana, newbie = make_user("ana"), make_user("newbie")
    _verify(db, ana)
    _friends(ana, newbie)
    today = datetime.now(UTC).date()
    window = {"title": "Most sessions", "metric": "sessions", "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=6)).isoformat()}
    assert newbie.post("/challenges", json=window).status_code == 403
    assert ana.post("/challenges", json=window | {"invite": [newbie.id]}).json()["detail"][0]["loc"] == ["body", "invite"]
    challenge = ana.post("/challenges", json=window).json()
    assert ana.post(f"/challenges/{challenge['id']}/invite", json={"user_ids": [newbie.id]}).status_code == 422
    for bad in ({"ends_on": (today - timedelta(days=1)).isoformat()}, {"ends_on": (today + timedelta(days=100)).isoformat()},
                {"muscle_group": "LEGS"}, {"metric": "pushups"}, {"title": ""}, {"starts_on": "2026-02-30"}):
        assert ana.post("/challenges", json=window | bad).status_code == 422, bad
    past = {"starts_on": (today - timedelta(days=20)).isoformat(), "ends_on": (today - timedelta(days=10)).isoformat()}
    assert ana.post("/challenges", json=window | past).json()["detail"][0]["loc"] == ["body", "ends_on"]
    assert ana.post(f"/challenges/{challenge['id']}/leave").status_code == 409  # the creator deletes instead
