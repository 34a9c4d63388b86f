"""Blocking and reporting, and the moderators' queue, against real PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from api.models import User


def _completed(person, name="Session", description=None, **extra):
    start = datetime.now(UTC) - timedelta(hours=3)
    body = {"name": name, "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat(), **extra}
    if description is not None:
        body["description"] = description
    response = person.post("/workouts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _befriend(a, b):
    request = a.post("/friendships", json={"user_id": b.id}).json()
    assert b.post(f"/friendships/{request['id']}/accept").status_code == 200


def _make_admin(db, person):
    db.execute(text("UPDATE app.users SET is_admin = true WHERE id = :id"), {"id": person.id})
    db.commit()


def _verify(db, *people):
    db.execute(text("UPDATE app.users SET is_verified = true WHERE id = ANY(:ids)"), {"ids": [p.id for p in people]})
    db.commit()


def test_blocking_ends_the_friendship_and_hides_each_from_the_other(make_user, db):
    ana = make_user("ana", workout_visibility="public", stats_visibility="public", is_discoverable=True)
    bo = make_user("bo", workout_visibility="public", stats_visibility="public", is_discoverable=True)
    _verify(db, ana, bo)
    _befriend(ana, bo)
    _completed(bo, "Bo's legs")
    bo.post("/stats", json={"weight": 80})
    assert ana.get("/feed").json()["total"] == 1
    assert ana.get("/users/search", params={"q": bo.username[:6]}).json()[0]["id"] == bo.id

    blocked = ana.post("/blocks", json={"user_id": bo.id})
    assert blocked.status_code == 201 and blocked.json()["user"] == {"id": bo.id, "username": bo.username}
    assert ana.post("/blocks", json={"user_id": bo.id}).status_code == 200  # again: nothing new
    assert [b["user"]["id"] for b in ana.get("/blocks").json()] == [bo.id]

    # The friendship is gone for both, and nothing of either shows to the other, even public data.
    assert ana.get("/friendships").json() == [] and bo.get("/friendships").json() == []
    assert ana.get("/feed").json()["total"] == 0 and bo.get("/feed").json()["total"] == 0
    for viewer, other in ((ana, bo), (bo, ana)):
        for path in (f"/users/{other.id}", f"/users/{other.id}/workouts", f"/users/{other.id}/stats"):
            response = viewer.get(path)
            assert response.status_code == 404, (path, response.text)
        assert viewer.get("/users/search", params={"q": other.username}).json() == []
    # The blocked person cannot ask again (as if the blocker did not exist); the blocker is told why.
    assert bo.post("/friendships", json={"user_id": ana.id}).status_code == 404
    assert bo.post("/friendships", json={"username": ana.username}).status_code == 404
    assert ana.post("/friendships", json={"user_id": bo.id}).status_code == 409
    # Bo may still block Ana back: a block is his own to keep.
    assert bo.post("/blocks", json={"user_id": ana.id}).status_code == 201

    assert ana.delete(f"/blocks/{bo.id}").status_code == 204
    assert ana.delete(f"/blocks/{bo.id}").status_code == 404
    assert bo.delete(f"/blocks/{ana.id}").status_code == 204
    # Unblocked, they see each other again, but the friendship does not come back by itself.
    assert ana.get(f"/users/{bo.id}/workouts").json()["total"] == 1
    assert ana.post("/friendships", json={"user_id": bo.id}).status_code == 201


def test_blocking_a_partner_ends_the_partnership_too(make_user):
    ana, bo = make_user("ana"), make_user("bo")
    _befriend(ana, bo)
    partnership = ana.post("/partners", json={"user_id": bo.id}).json()
    assert bo.post(f"/partners/{partnership['id']}/accept").status_code == 200
    assert bo.post("/blocks", json={"user_id": ana.id}).status_code == 201
    assert ana.get("/partners").json() == [] and bo.get("/partners").json() == []
    assert ana.post(f"/partners/{partnership['id']}/nudge").status_code == 404


def test_block_input_errors_name_the_field(make_user):
    ana = make_user("ana")
    assert ana.post("/blocks", json={"user_id": ana.id}).json()["detail"][0]["loc"] == ["body", "user_id"]
    assert ana.post("/blocks", json={"user_id": 2**63}).status_code == 422
    assert ana.post("/blocks", json={"user_id": 2**63 - 1}).status_code == 404
    assert ana.post("/blocks", json={"user_id": "1"}).status_code == 422


def test_concurrent_blocks_of_one_pair_make_one_block(make_user, db):
    ana, bo = make_user("ana"), make_user("bo")
    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(lambda _: ana.post("/blocks", json={"user_id": bo.id}).status_code, range(4)))
    assert set(codes) <= {200, 201, 409} and 201 in codes
    assert db.scalar(text("SELECT count(*) FROM app.user_blocks WHERE blocker_id = :a"), {"a": ana.id}) == 1


def test_search_finds_only_discoverable_verified_people_by_username(make_user, db):
    me = make_user("seeker")
    shown = make_user("liftmate", is_discoverable=True)
    hidden = make_user("liftshy")  # not discoverable
    unverified = make_user("liftnew", is_discoverable=True)
    _verify(db, shown, hidden)
    found = me.get("/users/search", params={"q": "LIFT"}).json()
    assert [p["id"] for p in found] == [shown.id]
    assert set(found[0]) == {"id", "username", "fitness_goal", "experience_level", "bio"}  # a public profile, nothing else
    # The exact name first, then names starting with it; LIKE's wildcards are plain characters.
    assert me.get("/users/search", params={"q": shown.username}).json()[0]["id"] == shown.id
    assert me.get("/users/search", params={"q": "%_"}).json() == []
    assert me.get("/users/search", params={"q": "a"}).status_code == 422
    assert me.get("/users/search", params={"q": "a\x00b"}).json()["detail"][0]["loc"] == ["query", "q"]
    assert unverified.id not in [p["id"] for p in me.get("/users/search", params={"q": "liftnew"}).json()]


def test_reports_reach_the_moderation_queue_and_reporters_see_only_their_report(make_user, db):
    victim = make_user("victim")
    troll = make_user("troll", workout_visibility="friends")
    admin = make_user("moderator")
    _make_admin(db, admin)
    _befriend(victim, troll)
    workout = _completed(troll, "Rage session", description="everyone at my gym is a loser", notes="private thoughts")

    # A person, and a workout the reporter can see.
    on_user = victim.post("/reports", json={"subject": "user", "user_id": troll.id, "reason": "harassment", "details": "DMs"})
    assert on_user.status_code == 201, on_user.text
    on_workout = victim.post("/reports", json={"subject": "workout", "workout_id": workout["id"], "reason": "hate"})
    assert on_workout.status_code == 201
    again = victim.post("/reports", json={"subject": "workout", "workout_id": workout["id"], "reason": "spam"})
    assert again.status_code == 200 and again.json()["id"] == on_workout.json()["id"]
    # The reporter's view says where it stands and nothing of the reported person's private data.
    mine = victim.get("/reports").json()
    assert mine["total"] == 2
    assert set(mine["items"][0]) == {"id", "subject", "reported_user", "workout_id", "comment_id", "reason", "details", "status", "created_at", "resolved_at"}
    assert "private thoughts" not in str(mine)
    # The reported person learns nothing from their own list.
    assert troll.get("/reports").json()["total"] == 0

    # Not for everyone: the queue is the administrators'.
    assert victim.get("/moderation/reports").status_code == 403
    queue = admin.get("/moderation/reports").json()
    assert queue["total"] == 2 and [r["id"] for r in queue["items"]] == [on_user.json()["id"], on_workout.json()["id"]]
    item = queue["items"][1]
    assert item["workout"]["description"] == "everyone at my gym is a loser" and item["reporter"]["id"] == victim.id
    assert item["open_reports_on_user"] == 2

    decided = admin.post(f"/moderation/reports/{item['id']}/resolve", json={"note": "removed"})
    assert decided.status_code == 200 and decided.json()["status"] == "resolved" and decided.json()["resolved_by"]["id"] == admin.id
    assert admin.post(f"/moderation/reports/{item['id']}/dismiss", json={}).status_code == 409
    assert admin.post("/moderation/reports/999999999/dismiss", json={}).status_code == 404
    assert admin.get("/moderation/reports").json()["total"] == 1
    assert admin.get("/moderation/reports", params={"status": "resolved"}).json()["items"][0]["resolution_note"] == "removed"
    assert [r["status"] for r in victim.get("/reports").json()["items"]] == ["resolved", "open"]


def test_what_cannot_be_reported(make_user, db):
    me = make_user("me")
    stranger = make_user("stranger", workout_visibility="private")
    hidden = _completed(stranger, "Hidden")
    assert me.post("/reports", json={"subject": "workout", "workout_id": hidden["id"], "reason": "spam"}).status_code == 404
    assert me.post("/reports", json={"subject": "workout", "workout_id": 2**63 - 1, "reason": "spam"}).status_code == 404
    mine = _completed(me, "Mine")
    assert me.post("/reports", json={"subject": "workout", "workout_id": mine["id"], "reason": "spam"}).status_code == 422
    assert me.post("/reports", json={"subject": "user", "user_id": me.id, "reason": "spam"}).json()["detail"][0]["loc"] == ["body", "user_id"]
    both = me.post("/reports", json={"subject": "user", "user_id": stranger.id, "workout_id": hidden["id"], "reason": "spam"})
    assert both.status_code == 422
    assert me.post("/reports", json={"subject": "user", "user_id": stranger.id, "reason": "boredom"}).json()["detail"][0]["loc"] == ["body", "reason"]
    # Someone who blocked you is not there to report; someone you blocked still is.
    assert stranger.post("/blocks", json={"user_id": me.id}).status_code == 201
    assert me.post("/reports", json={"subject": "user", "user_id": stranger.id, "reason": "spam"}).status_code == 404
    assert stranger.post("/reports", json={"subject": "user", "user_id": me.id, "reason": "spam"}).status_code == 201


def test_concurrent_decisions_on_one_report_decide_it_once(make_user, db):
    victim, troll, admin = make_user("victim"), make_user("troll"), make_user("mod")
    _make_admin(db, admin)
    report = victim.post("/reports", json={"subject": "user", "user_id": troll.id, "reason": "spam"}).json()
    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(lambda i: admin.post(f"/moderation/reports/{report['id']}/{'resolve' if i % 2 else 'dismiss'}", json={}).status_code, range(4)))
    assert codes == [200, 409, 409, 409]
    assert db.get(User, troll.id) is not None
