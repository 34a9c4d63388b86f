"""Weekly targets and streaks, accountability partners and nudges, the notification inbox with
its reminders, and Web Push delivered to a push service on localhost (a stand-in for the
browser vendors' services, which cannot be reached from here: it speaks their protocol, an
HTTP POST of an RFC 8291 encrypted payload with a VAPID Authorization header)."""

import base64
import json
import os
import threading
from datetime import UTC, date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import http_ece
import pytest
from conftest import make_settings
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import text

from api.accountability.streaks import streak
from api.models import User
from api.notifications.push import deliver_pushes, new_vapid_keys


def _session_ending(person, end: datetime):
    body = {"name": "Session", "status": "completed", "started_at": (end - timedelta(minutes=45)).isoformat(), "completed_at": end.isoformat()}
    assert person.post("/workouts", json=body).status_code == 201


def _session_on(person, day: date, hour=7):
    _session_ending(person, datetime.combine(day, time(hour), UTC) + timedelta(minutes=45))


def _just_now(minutes_ago=1) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes_ago)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def test_streaks_count_weeks_that_met_the_target_and_rest_days_do_not_break_them(make_user, db):
    lifter = make_user("steady")
    assert lifter.get("/progress/streaks").json()["weekly_target"] is None
    assert lifter.patch("/users/me", json={"weekly_target_sessions": 2}).json()["weekly_target_sessions"] == 2
    this_monday = _monday(datetime.now(UTC).date())
    # Weeks -6..-5 met, -4 short (one session), -3..-1 met (Monday and Saturday: rest days between).
    for weeks_back, days in ((6, (0, 2)), (5, (1, 3)), (4, (0,)), (3, (0, 5)), (2, (2, 6)), (1, (0, 4))):
        for d in days:
            _session_on(lifter, this_monday - timedelta(weeks=weeks_back) + timedelta(days=d), hour=12)
    streaks = lifter.get("/progress/streaks").json()
    assert (streaks["current_weeks"], streaks["best_weeks"]) == (3, 3)
    assert [w["met"] for w in streaks["recent_weeks"][-7:]] == [True, True, False, True, True, True, False]
    assert streaks["this_week"]["sessions"] == 0 and streaks["needed_this_week"] == 2
    # The week under way does not break the streak; once met it adds to it (two sessions just
    # now are this week's unless the week began in the last few minutes).
    for minutes in (1, 2):
        _session_ending(lifter, _just_now(minutes))
    if _monday(_just_now(2).date()) == this_monday:
        assert lifter.get("/progress/streaks").json()["current_weeks"] == 4
    for bad in (0, 15, "3", True):
        response = lifter.patch("/users/me", json={"weekly_target_sessions": bad})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "weekly_target_sessions", bad


def test_at_risk_when_the_sessions_needed_reach_the_days_left(make_user, db):
    lifter = make_user("late_week")
    lifter.patch("/users/me", json={"weekly_target_sessions": 3})
    person = db.get(User, lifter.id)
    this_monday = _monday(datetime.now(UTC).date())
    for weeks_back in (2, 1):
        for d in (0, 2, 4):
            _session_on(lifter, this_monday - timedelta(weeks=weeks_back) + timedelta(days=d))
    db.expire_all()
    saturday = datetime.combine(this_monday + timedelta(days=5), time(10), UTC)
    late = streak(db, person, saturday)
    assert (late.current_weeks, late.needed, late.days_left, late.at_risk) == (2, 3, 2, True)
    monday = streak(db, person, datetime.combine(this_monday, time(10), UTC))
    assert (monday.days_left, monday.at_risk) == (7, False)
    # Weeks are the person's own: 23:30 on Sunday in Athens is already Monday there.
    person.time_zone = "Europe/Athens"
    sunday_night = datetime.combine(this_monday - timedelta(days=1), time(23, 30), ZoneInfo("Europe/Athens"))
    assert streak(db, person, sunday_night).this_week.start == this_monday - timedelta(weeks=1)
    db.rollback()


def _friends(a, b):
    request = a.post("/friendships", json={"user_id": b.id}).json()
    assert b.post(f"/friendships/{request['id']}/accept").status_code == 200


def test_partners_see_each_others_week_nudge_once_a_day_and_get_a_weekly_check_in(make_user, db):
    ana, bo, stranger = make_user("ana"), make_user("bo", workout_visibility="private"), make_user("stranger")
    for person, target in ((ana, 3), (bo, 2)):
        person.patch("/users/me", json={"weekly_target_sessions": target})
    # Partners are chosen among friends.
    assert ana.post("/partners", json={"user_id": stranger.id}).status_code == 404
    _friends(ana, bo)
    asked = ana.post("/partners", json={"user_id": bo.id})
    assert asked.status_code == 201 and asked.json()["progress"] is None  # nothing shown before they agree
    assert ana.post("/partners", json={"user_id": bo.id}).status_code == 409
    assert [n["kind"] for n in bo.get("/notifications").json()["items"]] == ["partner_request", "friend_request"]
    assert [n["kind"] for n in ana.get("/notifications").json()["items"]] == ["friend_accepted"]
    partnership = asked.json()["id"]
    assert ana.post(f"/partners/{partnership}/accept").status_code == 409  # only the one asked answers
    assert stranger.post(f"/partners/{partnership}/accept").status_code == 404
    assert bo.post(f"/partners/{partnership}/accept").json()["status"] == "accepted"

    _session_ending(bo, _just_now())
    [seen] = ana.get("/partners").json()
    assert seen["progress"] == {"weekly_target": 2, "sessions_this_week": 1, "current_streak_weeks": 0}
    # Only their weekly progress: their private workouts stay private.
    assert ana.get(f"/users/{bo.id}/workouts").status_code == 404

    assert ana.post(f"/partners/{partnership}/nudge").status_code == 202
    assert ana.post(f"/partners/{partnership}/nudge").status_code == 429
    inbox = bo.get("/notifications").json()
    nudge = next(n for n in inbox["items"] if n["kind"] == "nudge")
    assert nudge["actor_id"] == ana.id and nudge["body"].startswith("1 of 2 sessions") and nudge["read"] is False
    assert inbox["unread"] >= 2
    assert bo.post(f"/notifications/{nudge['id']}/read").status_code == 204
    assert ana.post(f"/notifications/{nudge['id']}/read").status_code == 404  # not hers
    assert bo.post("/notifications/read-all").json()["marked"] == inbox["unread"] - 1
    assert bo.get("/notifications", params={"unread": True}).json()["total"] == 0

    # A partnership that has a week behind it gets one check-in a week, in both inboxes.
    db.execute(text("UPDATE app.accountability_partners SET responded_at = now() - interval '8 days' WHERE id = :id"), {"id": partnership})
    db.commit()
    for person in (ana, bo, ana):
        person.get("/notifications")
    for person in (ana, bo):
        checkins = [n for n in person.get("/notifications").json()["items"] if n["kind"] == "weekly_checkin"]
        assert len(checkins) == 1 and checkins[0]["body"].startswith("Last week: you 0/")
    assert bo.delete(f"/partners/{partnership}").status_code == 204
    assert ana.get("/partners").json() == []
    assert ana.post(f"/partners/{partnership}/nudge").status_code == 404


def test_goal_at_risk_and_goal_achieved_reach_the_inbox_once(make_user, db):
    lifter = make_user("goalie")
    goal = lifter.post("/goals", json={"title": "10 sessions", "goal_type": "general_fitness", "metric": "workout_count", "target_value": 10,
                                      "target_date": (datetime.now(UTC).date() + timedelta(days=10)).isoformat()}).json()
    assert goal["at_risk"] is False
    db.execute(text("UPDATE app.user_goals SET created_at = now() - interval '30 days' WHERE id = :id"), {"id": goal["id"]})
    db.commit()
    assert lifter.get(f"/goals/{goal['id']}").json()["at_risk"] is True  # 75% of the time gone, nothing done
    for _ in range(2):
        lifter.get("/notifications")
    at_risk = [n for n in lifter.get("/notifications").json()["items"] if n["kind"] == "goal_at_risk"]
    assert len(at_risk) == 1 and at_risk[0]["data"] == {"goal_id": goal["id"]}
    for n in range(10):
        _session_ending(lifter, _just_now(60 * n + 1))
    achieved = [n for n in lifter.get("/notifications").json()["items"] if n["kind"] == "goal_achieved"]
    assert len(achieved) == 1 and lifter.get(f"/goals/{goal['id']}").json()["at_risk"] is False


class _PushService(BaseHTTPRequestHandler):
    received: list = []
    gone: set = set()

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _PushService.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(410 if self.path in _PushService.gone else 201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    _PushService.received, _PushService.gone = [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PushService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _browser_keys():
    """What a browser makes when it subscribes: an ECDH P-256 key pair and a 16-byte secret."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    auth = os.urandom(16)
    b64 = lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")  # noqa: E731
    return private, auth, {"p256dh": b64(public), "auth": b64(auth)}


def test_a_nudge_is_pushed_encrypted_to_the_partners_browser(make_user, app, db, push_service):
    ana, bo = make_user("pusher"), make_user("pushed")
    _friends(ana, bo)
    partnership = ana.post("/partners", json={"user_id": bo.id}).json()["id"]
    bo.post(f"/partners/{partnership}/accept")
    private, auth, keys = _browser_keys()
    endpoint = f"{push_service}/push/bo-phone"
    assert bo.post("/push/subscriptions", json={"endpoint": endpoint, "keys": keys, "expirationTime": None}).status_code == 201
    assert bo.post("/push/subscriptions", json={"endpoint": endpoint, "keys": keys}).status_code == 200
    assert bo.post("/push/subscriptions", json={"endpoint": "javascript:alert(1)", "keys": keys}).status_code == 422
    # The app's own delivery ran after each answer, but this server has no VAPID key: nothing went.
    assert app.state.settings.vapid_private_key is None and _PushService.received == []
    assert ana.get("/push/key").json() == {"enabled": False, "public_key": None}

    ana.post(f"/partners/{partnership}/nudge")
    vapid_private, vapid_public = new_vapid_keys()
    settings = make_settings(vapid_private_key=vapid_private, vapid_public_key=vapid_public, vapid_subject="mailto:ops@pulse.test")
    assert deliver_pushes(app.state.sessionmaker, settings) >= 1
    assert deliver_pushes(app.state.sessionmaker, settings) == 0  # each notification once
    path, headers, body = next(r for r in _PushService.received if r[0] == "/push/bo-phone")
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith("vapid t=")
    assert vapid_public in headers["authorization"]
    payload = json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm"))
    kinds = {payload["kind"]}
    for _, _, other in _PushService.received:
        kinds.add(json.loads(http_ece.decrypt(other, private_key=private, auth_secret=auth, version="aes128gcm"))["kind"])
    assert "nudge" in kinds and payload["title"]

    # A subscription the push service says is gone is forgotten.
    _PushService.gone.add("/push/bo-phone")
    ana.post(f"/partners/{partnership}/nudge")  # 429: one a day; make another notification instead
    db.execute(text("INSERT INTO app.notifications (user_id, kind, title) VALUES (:id, 'comment', 'hello')"), {"id": bo.id})
    db.commit()
    deliver_pushes(app.state.sessionmaker, settings)
    assert db.scalar(text("SELECT count(*) FROM app.push_subscriptions WHERE user_id = :id"), {"id": bo.id}) == 0
    assert bo.post("/push/unsubscribe", json={"endpoint": endpoint}).status_code == 204
