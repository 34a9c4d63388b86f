"""Kudos and comments, moderated by the text-moderation model (trained here into a fresh MLflow
store, served in process as deployed by default), the moderators' decisions, profile text, and
the Anthropic second opinion against a local server that speaks the Messages API (the real one
cannot be reached from here)."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ApiUser, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app
from pipelines.ml.moderation import train_moderation
from recsys.registry import artifact_root, connect
from serving import engine
from serving.contract import ModerateInput
from serving.holder import ModelHolder
from serving.second_opinion import AnthropicReviewer, make_reviewer


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    uri = f"sqlite:///{tmp_path_factory.mktemp('moderation')}/mlflow.db"
    outcome = train_moderation(connect(uri), artifact_root(uri), 0.01)
    assert outcome.decision.promoted
    return uri, outcome


@pytest.fixture(scope="module")
def moderated_app(store, database_url):
    return create_app(make_settings(mlflow_tracking_uri=store[0]), database_url=database_url.render_as_string(hide_password=False))


@pytest.fixture
def api(moderated_app, engine):
    with TestClient(moderated_app) as client:
        yield client
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM app.users"))


def _done(person, name="Morning lift", **extra):
    start = datetime.now(UTC) - timedelta(hours=2)
    body = {"name": name, "status": "completed", "started_at": start.isoformat(), "completed_at": (start + timedelta(hours=1)).isoformat(), **extra}
    response = person.post("/workouts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _friends(a, b):
    request = a.post("/friendships", json={"user_id": b.id}).json()
    b.post(f"/friendships/{request['id']}/accept")


def _admin(engine, person):
    with engine.begin() as conn:
        conn.execute(text("UPDATE app.users SET is_admin = true WHERE id = :id"), {"id": person.id})


def test_the_moderation_model_is_logged_with_held_out_precision_and_recall(store):
    uri, outcome = store
    run = connect(uri).get_run(outcome.run_id)
    assert {"precision_harmful", "recall_harmful", "harmless_allowed", "macro_f1", "recall_self_harm"} <= set(run.data.metrics)
    assert run.data.params["split"] == "held-out phrasing families"
    # On phrasings it never saw: nothing harmless flagged, most harmful text caught.
    assert run.data.metrics["harmless_allowed"] >= 0.95 and run.data.metrics["recall_harmful"] >= 0.6


def test_kudos_and_comments_with_counts_in_the_feed(api, engine):
    owner, fan, other = ApiUser(api, "owner"), ApiUser(api, "fan"), ApiUser(api, "other")
    _friends(owner, fan)
    _friends(owner, other)
    workout = _done(owner, description="Heavy singles")
    assert owner.post(f"/workouts/{workout['id']}/kudos").status_code == 422  # not your own
    assert fan.post(f"/workouts/{workout['id']}/kudos").status_code == 201
    assert fan.post(f"/workouts/{workout['id']}/kudos").status_code == 200
    said = fan.post(f"/workouts/{workout['id']}/comments", json={"body": "Great squat session, proud of you!"})
    assert said.status_code == 201 and said.json()["moderation"] == "allowed"
    [item] = other.get("/feed").json()["items"]
    assert (item["kudos"], item["comments"], item["gave_kudos"]) == (1, 1, False)
    assert fan.get("/feed").json()["items"][0]["gave_kudos"] is True
    kinds = [n["kind"] for n in owner.get("/notifications").json()["items"]]
    assert kinds.count("reaction") == 1 and kinds.count("comment") == 1
    assert fan.delete(f"/workouts/{workout['id']}/kudos").status_code == 204
    assert fan.delete(f"/workouts/{workout['id']}/kudos").status_code == 404

    # The author, or the workout's owner, may delete a comment; no one else.
    theirs = other.post(f"/workouts/{workout['id']}/comments", json={"body": "see you at the gym tomorrow"}).json()
    assert fan.delete(f"/comments/{theirs['id']}").status_code == 404
    assert owner.delete(f"/comments/{theirs['id']}").status_code == 204
    assert fan.delete(f"/comments/{said.json()['id']}").status_code == 204
    assert owner.get(f"/workouts/{workout['id']}/comments").json() == []
    for bad in ({"body": ""}, {"body": "x" * 1001}, {"body": "a\x00b"}, {"text": "hi"}):
        assert fan.post(f"/workouts/{workout['id']}/comments", json=bad).status_code == 422


def test_held_comments_wait_for_a_moderator_and_rejected_ones_are_refused(api, engine):
    owner, troll, admin = ApiUser(api, "owner"), ApiUser(api, "troll"), ApiUser(api, "mod")
    _friends(owner, troll)
    _admin(engine, admin)
    workout = _done(owner)
    refused = troll.post(f"/workouts/{workout['id']}/comments", json={"body": "buy steroids at cheap-gains.shop, order now"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "body"] and "spam" in refused.json()["detail"][0]["msg"]

    held = troll.post(f"/workouts/{workout['id']}/comments", json={"body": "everyone at my gym is a loser"}).json()
    assert held["moderation"] == "held"
    assert [c["id"] for c in troll.get(f"/workouts/{workout['id']}/comments").json()] == [held["id"]]  # the author sees it
    assert owner.get(f"/workouts/{workout['id']}/comments").json() == []  # nobody else does
    assert owner.get("/feed").json()["items"] == [] or owner.get("/feed").json()["items"][0]["comments"] == 0
    assert "comment" not in [n["kind"] for n in owner.get("/notifications").json()["items"]]

    [queued] = admin.get("/moderation/reports").json()["items"]
    assert queued["reporter"] is None and queued["subject"] == "comment" and queued["text"] == held["body"]
    assert queued["reason"] == "harassment" and queued["model_labels"]["model_version"] == "1"
    assert "harassment" in queued["model_labels"]["flagged"]
    # Dismissed (nothing wrong): the comment shows, and the owner hears of it.
    admin.post(f"/moderation/reports/{queued['id']}/dismiss", json={"note": "banter between friends"})
    assert [c["id"] for c in owner.get(f"/workouts/{workout['id']}/comments").json()] == [held["id"]]
    assert "comment" in [n["kind"] for n in owner.get("/notifications").json()["items"]]

    # Reported by the owner and resolved: it is gone from view, and its author is told.
    report = owner.post("/reports", json={"subject": "comment", "comment_id": held["id"], "reason": "harassment"}).json()
    admin.post(f"/moderation/reports/{report['id']}/resolve", json={"note": "insult"})
    assert owner.get(f"/workouts/{workout['id']}/comments").json() == []
    assert troll.get(f"/workouts/{workout['id']}/comments").json()[0]["moderation"] == "rejected"
    assert "moderation" in [n["kind"] for n in troll.get("/notifications").json()["items"]]


def test_workout_text_and_profile_text_show_to_others_only_when_allowed(api, engine):
    owner, friend, admin = ApiUser(api, "owner", workout_visibility="friends"), ApiUser(api, "friend"), ApiUser(api, "mod")
    _friends(owner, friend)
    _admin(engine, admin)
    held = _done(owner, name="Leg day", description="dm me for prices")
    assert owner.get(f"/workouts/{held['id']}").json()["description"] == "dm me for prices"  # theirs to see
    [item] = friend.get("/feed").json()["items"]
    assert (item["workout"]["name"], item["workout"]["description"]) == ("Workout", None)
    shown = friend.get(f"/users/{owner.id}/workouts").json()["items"][0]
    assert shown["name"] == "Workout"
    queue = admin.get("/moderation/reports").json()["items"]
    assert [(r["subject"], r["workout"]["id"]) for r in queue] == [("workout", held["id"])]
    admin.post(f"/moderation/reports/{queue[0]['id']}/dismiss", json={})
    assert friend.get("/feed").json()["items"][0]["workout"]["name"] == "Leg day"
    # Editing the text judges it again.
    owner.patch(f"/workouts/{held['id']}", json={"notes": "follow me for test boosters deals, dm me"})
    assert friend.get("/feed").json()["items"][0]["workout"]["notes"] is None

    assert owner.patch("/users/me", json={"bio": "Powerlifter, dog person, coffee addict"}).json()["bio_moderation"] == "allowed"
    assert friend.get(f"/users/{owner.id}").json()["bio"] == "Powerlifter, dog person, coffee addict"
    refused = owner.patch("/users/me", json={"bio": "send nudes, my onlyfans has more"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "bio"]
    assert owner.get("/users/me").json()["bio"] == "Powerlifter, dog person, coffee addict"  # nothing changed


class _Messages(BaseHTTPRequestHandler):
    """A local server answering POST /v1/messages in the shape of Anthropic's Messages API."""

    mode = "allow"
    requests: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Messages.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if _Messages.mode == "slow":
            time.sleep(3)
        if _Messages.mode == "error":
            self._answer(500, {"type": "error", "error": {"type": "api_error", "message": "overloaded"}})
            return
        reply = json.dumps({"decision": _Messages.mode, "reason": "gym banter"})
        self._answer(200, {
            "id": "msg_local_1", "type": "message", "role": "assistant", "model": body["model"],
            "content": [{"type": "text", "text": reply}], "stop_reason": "end_turn", "stop_sequence": None,
            "usage": {"input_tokens": 42, "output_tokens": 9},
        })

    def _answer(self, code, payload):
        data = json.dumps(payload).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout case)

    def log_message(self, *args):
        pass


@pytest.fixture
def messages_api():
    _Messages.mode, _Messages.requests = "allow", []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Messages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_held_text_gets_anthropics_second_opinion_and_keeps_the_local_decision_when_it_fails(store, messages_api):
    holder = ModelHolder(make_settings(mlflow_tracking_uri=store[0]))
    holder.refresh()
    held_text = ModerateInput(texts=["everyone at my gym is a loser", "great squat session today"])
    assert [r.decision for r in engine.moderate(holder, held_text).results] == ["hold", "allow"]
    # Off without a key.
    assert make_reviewer(make_settings()) is None

    reviewer = AnthropicReviewer("test-key", "claude-haiku-4-5", base_url=messages_api, timeout_s=1)
    answer = engine.moderate(holder, held_text, reviewer)
    assert [(r.decision, r.decided_by) for r in answer.results] == [("allow", "anthropic"), ("allow", "model")]
    [(path, headers, body)] = _Messages.requests  # only the held text was sent
    assert path == "/v1/messages" and "anthropic-version" in headers
    assert "test-key" in (headers.get("x-api-key"), headers.get("authorization", "").removeprefix("Bearer "))  # as the SDK version sends it
    assert body["model"] == "claude-haiku-4-5" and body["messages"] == [{"role": "user", "content": "everyone at my gym is a loser"}]
    assert "harassment" in body["system"]

    _Messages.mode = "reject"
    assert engine.moderate(holder, held_text, reviewer).results[0].decision == "reject"
    for failure in ("error", "slow"):  # a server error, then a timeout: the text stays held
        _Messages.mode = failure
        result = engine.moderate(holder, held_text, reviewer).results[0]
        assert (result.decision, result.decided_by) == ("hold", "model"), failure
    # Self-harm always goes to a person, whatever a second opinion would say.
    _Messages.mode = "allow"
    crisis = engine.moderate(holder, ModerateInput(texts=["i want to end my life"]), reviewer).results[0]
    assert crisis.decision == "hold" and "self_harm" in crisis.flagged
