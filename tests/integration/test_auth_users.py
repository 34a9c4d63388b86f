import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import REDIS_URL, ApiUser, free_port, make_settings, redis_available, serve_api
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.main import create_app
from api.models import User, Workout


def test_register_login_and_profile(client, make_user):
    user = make_user("ana", full_name="Ana", fitness_goal="strength", experience_level="intermediate", unit_system="imperial", height=70)
    me = user.get("/users/me").json()
    assert me["username"] == user.username and me["fitness_goal"] == "strength"
    assert me["height"] == 70.0 and me["unit_system"] == "imperial"
    assert me["workout_visibility"] == "friends" and me["stats_visibility"] == "private"
    assert "hashed_password" not in me and "password" not in me
    # Login with the username too, in any case.
    by_name = client.post("/auth/login", data={"username": user.username.upper(), "password": user.password})
    assert by_name.status_code == 200 and by_name.json()["token_type"] == "bearer"
    wrong = client.post("/auth/login", data={"username": user.email, "password": "not-the-password"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    unknown = client.post("/auth/login", data={"username": "nobody@pulse.test", "password": "whatever1"})
    assert unknown.status_code == 401 and unknown.json() == wrong.json()


def test_email_and_username_are_unique_ignoring_case(client, make_user):
    user = make_user("bo")
    dup_email = client.post("/auth/register", json={"email": user.email.upper(), "username": "someone_else", "password": "long-enough"})
    assert dup_email.status_code == 409 and "email" in dup_email.json()["detail"]
    dup_name = client.post("/auth/register", json={"email": "other@pulse.test", "username": user.username.upper(), "password": "long-enough"})
    assert dup_name.status_code == 409 and "username" in dup_name.json()["detail"]
    other = make_user("cy")
    clash = other.patch("/users/me", json={"username": user.username})
    assert clash.status_code == 409


def test_patch_profile_and_password(client, make_user):
    user = make_user("di")
    changed = user.patch("/users/me", json={"unit_system": "imperial", "height": 72, "workout_visibility": "private"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["height"] == 72.0 and changed.json()["workout_visibility"] == "private"
    assert user.patch("/users/me", json={"unit_system": "metric"}).json()["height"] == 182.88
    assert user.patch("/users/me", json={"fitness_goal": None}).status_code == 422
    assert user.patch("/users/me", json={"password": "a-new-password"}).status_code == 200
    assert client.post("/auth/login", data={"username": user.email, "password": user.password}).status_code == 401
    fresh = client.post("/auth/login", data={"username": user.email, "password": "a-new-password"})
    assert fresh.status_code == 200
    # A new password signs out the sessions from before it, even one issued the same second.
    headers = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert client.patch("/users/me", json={"password": "another-password"}, headers=headers).status_code == 200
    assert client.get("/users/me", headers=headers).status_code == 401
    newest = client.post("/auth/login", data={"username": user.email, "password": "another-password"}).json()["access_token"]
    assert client.get("/users/me", headers={"Authorization": f"Bearer {newest}"}).status_code == 200


def test_a_token_from_the_same_second_as_a_password_change_is_signed_out(client, make_user, db):
    """The change lands a millisecond after the token was issued (the same second, unless the token
    was issued in the last millisecond of one): the token is from before it."""
    import jwt
    from sqlalchemy import update

    user = make_user("quick")
    issued = jwt.decode(user.headers["Authorization"].split()[1], options={"verify_signature": False})["iat"]
    changed = datetime.fromtimestamp(issued, UTC) + timedelta(milliseconds=1)
    db.execute(update(User).where(User.id == user.id).values(password_changed_at=changed))
    db.commit()
    assert client.get("/users/me", headers=user.headers).status_code == 401


def test_protected_routes_need_a_valid_token(client):
    assert client.get("/users/me").status_code == 401
    assert client.get("/users/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/workouts").status_code == 401


def test_delete_me_removes_all_my_data(client, make_user, exercise_ids, db):
    user = make_user("ed")
    friend = make_user("fay")
    user.post("/friendships", json={"user_id": friend.id})
    user.post("/stats", json={"weight": 70})
    user.post("/goals", json={"title": "10 workouts", "goal_type": "general_fitness", "metric": "workout_count", "target_value": 10})
    custom = user.post("/exercises", json={"name": "My move", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}).json()
    # A workout using both a library and a custom exercise: deleting the account removes both
    # the custom exercise and the workout in one go.
    user.post("/workouts", json={"name": "W", "status": "in_progress", "exercises": [
        {"exercise_id": exercise_ids["Push-Up"], "sets": [{"reps": 10}]}, {"exercise_id": custom["id"], "sets": [{"reps": 5}]},
    ]})
    assert user.delete("/users/me").status_code == 204
    assert client.post("/auth/login", data={"username": user.email, "password": user.password}).status_code == 401
    assert user.get("/users/me").status_code == 401
    assert db.scalar(select(func.count()).select_from(User).where(User.id == user.id)) == 0
    assert db.scalar(select(func.count()).select_from(Workout).where(Workout.user_id == user.id)) == 0
    assert friend.get("/friendships").json() == []


def _limited_app(database_url, redis_url=None):
    settings = make_settings(redis_url=redis_url, login_rate_limit_per_account="3/minute", login_rate_limit_per_ip="5/minute")
    return create_app(settings, database_url=database_url.render_as_string(hide_password=False))


def _hammer(client, logins):
    return [client.post("/auth/login", data={"username": login, "password": "wrong-password"}) for login in logins]


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_login_is_rate_limited_per_account_and_per_ip(database_url, backend):
    if backend == "redis" and not redis_available(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL}; the in-process limiter is tested above")
    app = _limited_app(database_url, REDIS_URL if backend == "redis" else None)
    app.state.rate_limiter.storage.reset()
    with TestClient(app) as client:
        assert client.get("/health").json()["cache"] == {"backend": backend, "status": "ok"}
        victim = ApiUser(client, "victim")  # its own successful login counts once
        # One budget per account, whether it is named by email or username.
        attempts = _hammer(client, [victim.username, victim.email.upper(), victim.username])
        assert [r.status_code for r in attempts] == [401, 401, 429]
        limited = attempts[-1]
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert "account" in limited.json()["detail"]
        # Another account from the same address: the per-IP limit (5) is hit after 2 more.
        others = _hammer(client, ["other@pulse.test"] * 3)
        assert [r.status_code for r in others] == [401, 401, 429]
        assert "ip" in others[-1].json()["detail"]
    app.state.rate_limiter.storage.reset()


def test_health_reports_database_and_cache(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok"}
    expected_backend = "redis" if redis_available(REDIS_URL) else "memory"
    assert body["cache"] == {"backend": expected_backend, "status": "ok"}
    assert body["version"]


def test_health_is_503_when_the_database_is_down():
    app = create_app(make_settings(), database_url="postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1")
    with TestClient(app) as client:
        response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["database"]["status"] == "unavailable"
        # Any other route answers 503 with JSON too, not a 500.
        register = client.post("/auth/register", json={"email": "x@pulse.test", "username": "xx_x", "password": "long-enough"})
        assert register.status_code == 503 and "database" in register.json()["detail"]


def _redis_server(port: int):
    """A Redis of this test's own (the shared one cannot be stopped), without persistence."""
    import shutil
    import subprocess

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: Redis going down cannot be played")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        if redis_available(url):
            return server
        time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


def test_login_keeps_working_while_redis_is_down_and_the_limits_return_when_it_is_back(database_url):
    port = free_port()
    server = _redis_server(port)
    app = _limited_app(database_url, f"redis://127.0.0.1:{port}/0")
    try:
        with TestClient(app) as client:
            person = ApiUser(client, "steady")  # registered and logged in through Redis
            assert client.get("/health").json()["cache"] == {"backend": "redis", "status": "ok"}
            server.kill()
            server.wait()
            # Down: logins answer (counted in process memory), the limit still holds, health says degraded.
            ok = client.post("/auth/login", data={"username": person.email, "password": person.password})
            assert ok.status_code == 200, ok.text
            attempts = _hammer(client, [person.username] * 3)
            assert [r.status_code for r in attempts] == [401, 401, 429]
            health = client.get("/health").json()
            assert health["status"] == "degraded" and health["cache"] == {"backend": "redis", "status": "unavailable"}
            # Back: the limits are counted in Redis again.
            server = _redis_server(port)
            assert client.get("/health").json()["cache"] == {"backend": "redis", "status": "ok"}
            assert client.post("/auth/login", data={"username": person.email, "password": person.password}).status_code == 200
            import redis

            assert any(b"login" in key for key in redis.Redis(port=port).keys("*"))
    finally:
        server.kill()
        server.wait()


def test_serve_api_runs_the_number_of_worker_processes_asked_for(database_url):
    from pathlib import Path

    import httpx

    port = free_port()
    server = serve_api(database_url, port, "--workers", "2")
    try:
        workers = [int(pid) for task in Path(f"/proc/{server.pid}/task").iterdir() for pid in (task / "children").read_text().split()]
        answered = {httpx.get(f"http://127.0.0.1:{port}/exercises", params={"limit": 1}).status_code for _ in range(10)}
    finally:
        server.terminate()
        server.wait(timeout=30)
    # uvicorn's supervisor, its two workers and (for their shared start) a resource tracker at most
    assert len(workers) in (2, 3) and answered == {200}


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(database_url, trusted):
    import httpx

    port = free_port()
    server = serve_api(database_url, port, TRUSTED_PROXIES=trusted)
    try:
        statuses = [
            httpx.post(f"http://127.0.0.1:{port}/auth/login", data={"username": f"nobody{n}", "password": "wrong-password"},
                       headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(5)
        ]
    finally:
        server.kill()
        server.wait()
    # Untrusted: every attempt is the loopback client's, whatever address it claims (3 a minute).
    # Behind a trusted proxy: each forwarded address has its own budget.
    assert statuses == ([401, 401, 401, 429, 429] if not trusted else [401] * 5)


def test_a_login_replaces_a_hash_made_with_older_parameters(client, make_user, db):
    from pwdlib import PasswordHash

    person = make_user("veteran")
    db.execute(User.__table__.update().where(User.id == person.id).values(hashed_password=PasswordHash.recommended().hash(person.password)))
    db.commit()
    assert client.post("/auth/login", data={"username": person.email, "password": person.password}).status_code == 200
    db.expire_all()
    assert db.get(User, person.id).hashed_password.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert client.post("/auth/login", data={"username": person.email, "password": person.password}).status_code == 200


def test_a_test_account_moved_to_a_real_address_is_never_purged(make_user, exercise_ids, db):
    from api.models import WorkoutExercise, WorkoutSet
    from synthetic.purge import PURGE_ORDER

    person = make_user("converted")  # ...@pulse.test: synthetic
    friend = make_user("pal")
    person.post("/workouts", json={"name": "W", "status": "in_progress", "exercises": [{"exercise_id": exercise_ids["Plank"], "sets": [{"duration_s": 30}]}]})
    person.post("/stats", json={"weight": 80})
    person.post("/friendships", json={"user_id": friend.id})
    assert person.patch("/users/me", json={"email": f"{person.username}@example.com"}).status_code == 200
    db.expire_all()
    assert db.get(User, person.id).is_synthetic is False
    for model in PURGE_ORDER:  # nothing of theirs is marked synthetic any more
        owner = getattr(model, "user_id", None) or getattr(model, "requester_id", None)
        if owner is not None:
            assert db.scalar(select(func.count()).select_from(model).where(owner == person.id, model.is_synthetic)) == 0, model
    sets = (select(func.count()).select_from(WorkoutSet).join(WorkoutExercise).join(Workout)
            .where(Workout.user_id == person.id, WorkoutSet.is_synthetic | WorkoutExercise.is_synthetic))
    assert db.scalar(sets) == 0  # nor anything under their workouts (purge deletes by that flag)
