def test_anonymous_list_filters_and_pagination(client):
    everything = client.get("/exercises", params={"limit": 100}).json()
    assert everything["total"] == 191 and len(everything["items"]) == 100
    rest = client.get("/exercises", params={"limit": 100, "offset": 100}).json()
    assert len(rest["items"]) == 91
    assert not {e["id"] for e in everything["items"]} & {e["id"] for e in rest["items"]}
    barbell_legs = client.get("/exercises", params={"muscle": "LEGS", "equipment": "BARBELL", "limit": 100}).json()["items"]
    assert barbell_legs and all(e["equipment"] == "BARBELL" for e in barbell_legs)
    assert all(e["primary_muscle"] == "LEGS" or "LEGS" in e["secondary_muscles"] for e in barbell_legs)
    # Primary-muscle matches come first.
    primaries = [e["primary_muscle"] == "LEGS" for e in barbell_legs]
    assert primaries == sorted(primaries, reverse=True)
    cardio = client.get("/exercises", params={"type": "CARDIO", "difficulty": 1, "limit": 100}).json()["items"]
    assert cardio and all(e["exercise_type"] == "CARDIO" and e["difficulty"] == 1 for e in cardio)


def test_text_search(client):
    found = [e["name"] for e in client.get("/exercises", params={"q": "squat"}).json()["items"]]
    assert "Barbell Back Squat" in found
    assert all("squat" in name.lower() for name in found[:3])
    stemmed = [e["name"] for e in client.get("/exercises", params={"q": "squats"}).json()["items"]]
    assert "Barbell Back Squat" in stemmed  # English stemming
    assert client.get("/exercises", params={"q": "%_"}).json()["total"] == 0  # LIKE wildcards are literal


def test_get_one(client, exercise_ids):
    squat = client.get(f"/exercises/{exercise_ids['Barbell Back Squat']}").json()
    assert squat["primary_muscle"] == "LEGS" and squat["instructions"] and squat["met_value"] > 0
    assert squat["is_custom"] is False
    assert client.get("/exercises/999999999").status_code == 404


def test_custom_exercises_are_private(client, make_user, exercise_ids):
    ana, bo = make_user("ana"), make_user("bo")
    created = ana.post("/exercises", json={"name": "Sandbag Carry", "primary_muscle": "FULL_BODY", "equipment": "OTHER", "exercise_type": "STRENGTH", "secondary_muscles": ["CORE"]})
    assert created.status_code == 201 and created.json()["is_custom"] is True
    custom_id = created.json()["id"]
    assert ana.get("/exercises", params={"q": "sandbag"}).json()["total"] == 1
    assert bo.get("/exercises", params={"q": "sandbag"}).json()["total"] == 0
    assert client.get(f"/exercises/{custom_id}").status_code == 404
    assert bo.get(f"/exercises/{custom_id}").status_code == 404
    assert bo.post("/workouts", json={"name": "x", "exercises": [{"exercise_id": custom_id}]}).status_code == 404
    # Bo may use the same name for his own.
    assert bo.post("/exercises", json={"name": "sandbag carry", "primary_muscle": "CORE", "equipment": "OTHER", "exercise_type": "STRENGTH"}).status_code == 201
    assert ana.post("/exercises", json={"name": "SANDBAG CARRY", "primary_muscle": "CORE", "equipment": "OTHER", "exercise_type": "STRENGTH"}).status_code == 409
    renamed = ana.patch(f"/exercises/{custom_id}", json={"name": "Sandbag Shoulder Carry", "difficulty": 4})
    assert renamed.status_code == 200 and renamed.json()["difficulty"] == 4
    # The library is read-only; it is public, so 403 reveals nothing.
    assert ana.patch(f"/exercises/{exercise_ids['Barbell Back Squat']}", json={"difficulty": 1}).status_code == 403
    assert ana.delete(f"/exercises/{exercise_ids['Barbell Back Squat']}").status_code == 403
    # A custom exercise in use cannot be deleted; once unused it can.
    w = ana.post("/workouts", json={"name": "x", "exercises": [{"exercise_id": custom_id}]}).json()
    assert ana.delete(f"/exercises/{custom_id}").status_code == 409
    ana.delete(f"/workouts/{w['id']}")
    assert ana.delete(f"/exercises/{custom_id}").status_code == 204
    assert ana.get(f"/exercises/{custom_id}").status_code == 404


def test_a_custom_exercise_may_link_a_video(make_user, client, exercise_ids):
    user = make_user("filmer")
    body = {"name": "Banded hip thrust", "primary_muscle": "GLUTES", "equipment": "BANDS", "exercise_type": "STRENGTH"}
    made = user.post("/exercises", json=body | {"video_url": "https://videos.example.com/hip-thrust"}).json()
    assert made["video_url"] == "https://videos.example.com/hip-thrust"
    assert user.patch(f"/exercises/{made['id']}", json={"video_url": None}).json()["video_url"] is None
    for bad in ("javascript:alert(1)", "ftp://example.com/x", "https://", "https://exa mple.com", "https://x.com/\x00", "x" * 3000):
        response = user.post("/exercises", json=body | {"name": "Other", "video_url": bad})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "video_url"], bad
    # The shipped library has no licensed videos.
    assert client.get(f"/exercises/{exercise_ids['Push-Up']}").json()["video_url"] is None
