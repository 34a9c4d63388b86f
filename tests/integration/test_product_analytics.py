"""Product analytics with PostHog's official client, against a local HTTP server that records
what a PostHog instance would receive (the real one cannot be reached from here): batched, an
opaque id per person and no personal data; off without POSTHOG_API_KEY."""

import gzip
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ApiUser, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app


class _PostHog(BaseHTTPRequestHandler):
    batches: list = []

    def do_POST(self):  # noqa: N802
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        _PostHog.batches.append((self.path, json.loads(raw)))
        body = b'{"status": 1}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def posthog_server():
    _PostHog.batches = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PostHog)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_events_go_to_posthog_in_batches_with_opaque_ids_only(database_url, engine, posthog_server, exercise_ids):
    settings = make_settings(posthog_api_key="phc_local_test", posthog_host=posthog_server, posthog_flush_at=100)
    app = create_app(settings, database_url=database_url.render_as_string(hide_password=False))
    try:
        with TestClient(app) as client:
            lifter = ApiUser(client, "tracked", full_name="Private Name")
            start = datetime.now(UTC) - timedelta(hours=2)
            workout = {"name": "My secret plan", "status": "completed", "started_at": start.isoformat(),
                       "completed_at": (start + timedelta(hours=1)).isoformat(),
                       "exercises": [{"exercise_id": exercise_ids["Barbell Back Squat"], "sets": [{"reps": 5, "weight": 100}]}]}
            assert lifter.post("/workouts", json=workout).status_code == 201
            shown = lifter.post("/recommendations/exercises", json={"k": 3}).json()
            lifter.post(f"/recommendations/{shown['id']}/feedback", json={"exercise_id": shown["items"][0]["exercise_id"], "action": "accepted"})
            # Nothing has gone yet: events wait in the client's queue, the requests did not.
            assert _PostHog.batches == []
        # Shutting down sends what is queued, in one batch.
        events = [e for _, batch in _PostHog.batches for e in batch["batch"]]
        assert len(_PostHog.batches) == 1 and _PostHog.batches[0][0].startswith("/batch")
        assert _PostHog.batches[0][1]["api_key"] == "phc_local_test"
        assert [e["event"] for e in events] == ["user_signed_up", "workout_logged", "recommendation_shown", "recommendation_accepted"]
        ids = {e["distinct_id"] for e in events}
        assert len(ids) == 1 and str(lifter.id) not in ids and len(next(iter(ids))) == 32
        sent = json.dumps(events)
        for personal in (lifter.email, lifter.username, "Private Name", "My secret plan"):
            assert personal not in sent
        logged = events[1]["properties"]
        assert (logged["exercises"], logged["sets"], logged["status"]) == (1, 1, "completed")
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM app.users"))


def test_nothing_is_sent_without_a_key(client, make_user, posthog_server):
    person = make_user("untracked")
    person.post("/recommendations/exercises", json={"k": 3})
    assert client.app.state.analytics.enabled is False
    client.app.state.analytics.close()
    assert _PostHog.batches == []
