"""`make demo`'s people show every journey to a newcomer who signs in as the demo person: a
friend whose workouts fill the feed, a partner who nudged, a running challenge, a load warning,
kudos and a comment, and an inbox with all of it."""

from conftest import ApiUser

from synthetic.demo import DEMO_EMAIL, DEMO_PASSWORD, create_demo_user


def _demo(client) -> ApiUser:
    demo = ApiUser.__new__(ApiUser)
    demo.client = client
    token = client.post("/auth/login", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD}).json()["access_token"]
    demo.headers = {"Authorization": f"Bearer {token}"}
    return demo


def test_the_demo_person_meets_every_journey(client, db):
    assert create_demo_user(db) is True
    assert create_demo_user(db) is False  # safe to run again
    demo = _demo(client)
    me = demo.get("/users/me").json()
    assert me["is_verified"] and me["weekly_target_sessions"] == 3 and me["bio"]

    feed = demo.get("/feed").json()
    assert {i["friend"]["username"] for i in feed["items"]} == {"demo_friend"} and feed["total"] == 4
    load = demo.get("/safety/load").json()
    assert any(m["warning"] for m in load["muscles"]) and load["messages"]
    [partner] = demo.get("/partners").json()
    assert partner["status"] == "accepted" and partner["partner"]["username"] == "demo_partner"
    [challenge] = demo.get("/challenges").json()
    assert challenge["state"] == "running" and challenge["your_status"] == "invited"
    assert [s["person"]["username"] for s in challenge["leaderboard"]][0] == "demo_friend"
    kinds = {n["kind"] for n in demo.get("/notifications").json()["items"]}
    assert {"nudge", "reaction", "comment", "challenge_invite", "partner_request", "friend_accepted"} <= kinds
    latest = demo.get("/workouts", params={"status": "completed", "limit": 1}).json()["items"][0]
    comments = demo.get(f"/workouts/{latest['id']}/comments").json()
    assert [c["author"]["username"] for c in comments] == ["demo_friend"]
    assert demo.get("/progress/streaks").json()["weekly_target"] == 3
