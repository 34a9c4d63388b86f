from datetime import UTC, datetime, timedelta


def completed(exercise_id, name="Session", hours_ago=2):
    start = datetime.now(UTC) - timedelta(hours=hours_ago)
    return {"name": name, "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat(),
            "exercises": [{"exercise_id": exercise_id, "sets": [{"reps": 10, "weight": 20}]}]}


def test_request_accept_decline_remove(make_user):
    ana, bo, cy = make_user("ana"), make_user("bo"), make_user("cy")
    sent = ana.post("/friendships", json={"username": bo.username.upper()})
    assert sent.status_code == 201 and sent.json()["status"] == "pending" and sent.json()["direction"] == "outgoing"
    fid = sent.json()["id"]
    assert ana.post("/friendships", json={"user_id": bo.id}).status_code == 409
    assert bo.post("/friendships", json={"user_id": ana.id}).status_code == 409
    assert ana.post(f"/friendships/{fid}/accept").status_code == 409  # only the addressee answers
    incoming = bo.get("/friendships", params={"status": "pending"}).json()
    assert [(f["direction"], f["friend"]["id"]) for f in incoming] == [("incoming", ana.id)]
    accepted = bo.post(f"/friendships/{fid}/accept").json()
    assert accepted["status"] == "accepted" and accepted["responded_at"]
    assert bo.post(f"/friendships/{fid}/decline").status_code == 409
    assert ana.post("/friendships", json={"user_id": bo.id}).json()["detail"] == "you are already friends"
    # Declined requests can be asked again.
    to_cy = cy.post("/friendships", json={"user_id": ana.id}).json()
    assert ana.post(f"/friendships/{to_cy['id']}/decline").json()["status"] == "declined"
    again = cy.post("/friendships", json={"user_id": ana.id})
    assert again.status_code == 201 and again.json()["status"] == "pending"
    assert ana.post("/friendships", json={"user_id": ana.id}).status_code == 422
    assert ana.post("/friendships", json={"username": "nobody_here"}).status_code == 404
    assert ana.post("/friendships", json={"user_id": bo.id, "username": bo.username}).status_code == 422
    assert bo.delete(f"/friendships/{fid}").status_code == 204
    assert ana.get("/friendships", params={"status": "accepted"}).json() == []


def test_feed_and_visibility(make_user, exercise_ids):
    me, friend, shy, stranger = make_user("me"), make_user("pal"), make_user("shy"), make_user("stranger", workout_visibility="public")
    pushup = exercise_ids["Push-Up"]
    for person in (friend, shy):
        fid = me.post("/friendships", json={"user_id": person.id}).json()["id"]
        person.post(f"/friendships/{fid}/accept")
    shy.patch("/users/me", json={"workout_visibility": "private"})
    friend.post("/workouts", json=completed(pushup, "Friend's old", hours_ago=30))
    friend.post("/workouts", json=completed(pushup, "Friend's new", hours_ago=3))
    friend.post("/workouts", json={"name": "Planned", "scheduled_for": datetime.now(UTC).isoformat()})
    shy.post("/workouts", json=completed(pushup, "Shy's"))
    stranger.post("/workouts", json=completed(pushup, "Stranger's"))
    feed = me.get("/feed").json()
    assert [item["workout"]["name"] for item in feed["items"]] == ["Friend's new", "Friend's old"]
    assert feed["items"][0]["friend"]["username"] == friend.username and feed["total"] == 2
    # Direct views follow each person's setting: friends, private, public.
    assert me.get(f"/users/{friend.id}/workouts").json()["total"] == 2
    assert me.get(f"/users/{shy.id}/workouts").status_code == 404
    assert me.get(f"/users/{stranger.id}/workouts").json()["total"] == 1
    assert stranger.get(f"/users/{friend.id}/workouts").status_code == 404
    friend.post("/stats", json={"weight": 70})
    assert me.get(f"/users/{friend.id}/stats").status_code == 404  # stats are private by default
    friend.patch("/users/me", json={"stats_visibility": "friends"})
    assert me.get(f"/users/{friend.id}/stats").json()["total"] == 1
    assert stranger.get(f"/users/{friend.id}/stats").status_code == 404
    # Hidden and missing look the same.
    hidden = me.get(f"/users/{shy.id}/workouts")
    missing = me.get("/users/999999999/workouts")
    assert hidden.status_code == missing.status_code == 404
    assert set(hidden.json()) == set(missing.json()) == {"detail"}
    profile = stranger.get(f"/users/{me.id}").json()
    assert set(profile) == {"id", "username", "fitness_goal", "experience_level", "bio"}


def test_concurrent_answers_to_one_request_change_it_once(make_user):
    """20 accepts and declines at once on one request: exactly one wins (2xx), the rest get 409,
    and what is stored is what the winner said."""
    from concurrent.futures import ThreadPoolExecutor

    for round_ in range(3):
        ana, bo = make_user(f"asker{round_}"), make_user(f"asked{round_}")
        fid = ana.post("/friendships", json={"user_id": bo.id}).json()["id"]
        actions = ["accept", "decline"] * 10
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda action: (action, bo.post(f"/friendships/{fid}/{action}")), actions))
        winners = [(action, r) for action, r in answers if r.status_code == 200]
        assert len(winners) == 1, [r.status_code for _, r in answers]
        assert all(r.status_code == 409 for _, r in answers if r.status_code != 200)
        stored = {f["id"]: f["status"] for f in bo.get("/friendships").json()}
        assert stored[fid] == {"accept": "accepted", "decline": "declined"}[winners[0][0]] == winners[0][1].json()["status"]
