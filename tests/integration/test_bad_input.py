"""Bad input gets a 4xx JSON error naming what is wrong, and nothing stored changes."""

import pytest
from sqlalchemy import func, select

from api.models import Base

SQUAT = "{squat}"


def set_body(**overrides):
    return {"name": "W", "status": "in_progress", "exercises": [{"exercise_id": SQUAT, "sets": [{"reps": 5, "weight": 100, **overrides}]}]}


# (method, path, kwargs, status, a word the error must contain)
CASES = [
    ("post", "/auth/register", {"json": {"email": "not-an-email", "username": "abc", "password": "long-enough"}}, 422, "email"),
    ("post", "/auth/register", {"json": {"email": "a@pulse.test", "username": "a b", "password": "long-enough"}}, 422, "username"),
    ("post", "/auth/register", {"json": {"email": "a@pulse.test", "username": "abc", "password": "short"}}, 422, "password"),
    ("post", "/auth/register", {"json": {"email": "a@pulse.test", "username": "abc", "password": "long-enough", "fitness_goal": "get_huge"}}, 422, "fitness_goal"),
    ("post", "/auth/register", {"json": {"email": "a@pulse.test", "username": "abc", "password": "long-enough", "is_admin": True}}, 422, "is_admin"),
    ("post", "/auth/login", {"data": {"username": "x"}}, 422, "password"),
    ("post", "/workouts", {"json": set_body(weight=-5)}, 422, "weight"),
    ("post", "/workouts", {"json": set_body(reps="ten")}, 422, "reps"),
    ("post", "/workouts", {"json": set_body(rpe=11)}, 422, "rpe"),
    ("post", "/workouts", {"json": set_body(set_type="mega")}, 422, "set_type"),
    ("post", "/workouts", {"json": set_body(weight=100.1234)}, 422, "weight"),
    ("post", "/workouts", {"json": set_body(weight=1e9)}, 422, "weight"),
    ("post", "/workouts", {"json": set_body(reps=None, weight=None)}, 422, "reps"),
    ("post", "/workouts", {"json": {"name": "W", "status": "done"}}, 422, "status"),
    ("post", "/workouts", {"json": {"name": "x" * 500}}, 422, "name"),
    ("post", "/workouts", {"json": {"name": "W", "exercises": [{"exercise_id": SQUAT}] * 51}}, 422, "exercises"),
    ("post", "/workouts", {"json": {"name": "W", "status": "completed", "completed_at": "2026-01-01T10:00:00Z"}}, 422, "started_at"),
    ("post", "/workouts", {"json": {"name": "W", "status": "in_progress", "started_at": "2026-01-01T10:00:00"}}, 422, "started_at"),
    ("post", "/workouts", {"json": {"name": "W", "exercises": [{"exercise_id": 999999999}]}}, 404, "exercise"),
    ("post", "/workouts", {"content": b'{"name": "W",', "headers": {"Content-Type": "application/json"}}, 422, "json"),
    ("post", "/workouts", {"content": b'{"name": "' + b"x" * 2_000_000 + b'"}', "headers": {"Content-Type": "application/json"}}, 413, "limit"),
    ("get", "/workouts", {"params": {"limit": 1000}}, 422, "limit"),
    ("get", "/workouts", {"params": {"status": "bogus"}}, 422, "status"),
    ("get", "/workouts", {"params": {"from": "yesterday"}}, 422, "from"),
    ("get", "/workouts/not-a-number", {}, 422, "workout_id"),
    ("post", "/stats", {"json": {"weight": -1}}, 422, "weight"),
    ("post", "/stats", {"json": {"body_fat_pct": 200}}, 422, "body_fat_pct"),
    ("post", "/stats", {"json": {}}, 422, "weight"),
    ("post", "/exercises", {"json": {"name": "X", "primary_muscle": "NECK", "equipment": "NONE", "exercise_type": "STRENGTH"}}, 422, "primary_muscle"),
    ("post", "/exercises", {"json": {"name": "X", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH", "difficulty": 9}}, 422, "difficulty"),
    ("post", "/goals", {"json": {"title": "X", "goal_type": "strength", "metric": "workout_count", "target_value": -3}}, 422, "target_value"),
    ("patch", "/users/me", {"json": {"unit_system": "furlongs"}}, 422, "unit_system"),
    ("patch", "/users/me", {"json": {"height": 5000}}, 422, "height"),
    ("patch", "/users/me", {"json": {"unit_system": "imperial", "height": 120}}, 422, "height"),
    ("post", "/stats", {"json": {"weight": 1400}}, 422, "weight"),
    ("post", "/exercises", {"json": {"name": "X", "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH", "met_value": 3.55}}, 422, "met_value"),
    ("post", "/friendships", {"json": {}}, 422, "user_id"),
]


def _counts(db):
    return {t.name: db.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "word"), CASES, ids=[f"{c[0]} {c[1]} {c[4]}" for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(make_user, exercise_ids, db, method, path, kwargs, status, word):
    user = make_user("careless")
    user.post("/workouts", json={"name": "Existing", "status": "in_progress", "exercises": [{"exercise_id": exercise_ids["Barbell Back Squat"], "sets": [{"reps": 5, "weight": 100}]}]})
    before = _counts(db)
    if "json" in kwargs:
        kwargs = {**kwargs, "json": _fill(kwargs["json"], exercise_ids["Barbell Back Squat"])}
    response = user.client.request(method.upper(), path, headers={**user.headers, **kwargs.pop("headers", {})}, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert word.lower() in response.text.lower()
    db.expire_all()
    assert _counts(db) == before


def _fill(value, squat_id):
    if value == SQUAT:
        return squat_id
    if isinstance(value, dict):
        return {k: _fill(v, squat_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, squat_id) for v in value]
    return value


BEYOND_BIGINT = 2**63  # one more than PostgreSQL's bigint holds


def test_an_id_beyond_bigint_in_any_path_is_a_422_naming_it(app, make_user, db):
    """Every route with an id in its path, every method: a 422 naming the id, never a 500."""
    import re

    from sqlalchemy import text

    user = make_user("prober")
    # An administrator, so the administrators' routes are probed past their 403 too.
    db.execute(text("UPDATE app.users SET is_admin = true WHERE id = :id"), {"id": user.id})
    db.commit()
    before = _counts(db)
    checked = 0
    for template, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path" and p["schema"].get("type") == "integer"]
            if not names:
                continue
            path = re.sub(r"{(\w+)}", lambda m: str(BEYOND_BIGINT) if m.group(1) in names else m.group(0), template)
            response = user.client.request(method.upper(), path, headers=user.headers, json={})
            assert response.status_code == 422, (method, path, response.text)
            assert any(name in response.text for name in names), (method, path, response.text)
            checked += 1
    assert checked >= 30
    db.expire_all()
    assert _counts(db) == before


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/friendships", {"user_id": BEYOND_BIGINT}, "user_id"),
        ("post", "/goals", {"title": "X", "goal_type": "strength", "metric": "one_rep_max", "target_value": 100, "exercise_id": BEYOND_BIGINT}, "exercise_id"),
        ("post", "/recommendations/exercises", {"user_id": BEYOND_BIGINT}, "user_id"),
        ("post", "/workouts", {"name": "W", "exercises": [{"exercise_id": BEYOND_BIGINT}]}, "exercise_id"),
        ("put", "/imports/mappings", {"source_name": "Squat", "exercise_id": BEYOND_BIGINT}, "exercise_id"),
    ],
)
def test_an_id_beyond_bigint_in_a_body_is_a_422_naming_it(make_user, db, method, path, body, field):
    user = make_user("prober")
    before = _counts(db)
    response = user.client.request(method.upper(), path, headers=user.headers, json=body)
    assert response.status_code == 422 and field in response.text, response.text
    db.expire_all()
    assert _counts(db) == before


def test_a_token_for_an_id_beyond_bigint_is_refused(client):
    from conftest import TEST_SECRET

    from api.core.security import create_access_token

    token = create_access_token(BEYOND_BIGINT, TEST_SECRET, 30)
    response = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/workouts", '{"name": "W", "exercises": [{"exercise_id": 1, "sets": [{"reps": 5, "weight": %s}]}]}', "weight"),
        ("post", "/workouts", '{"name": "W", "exercises": [{"exercise_id": 1, "sets": [{"reps": %s, "weight": 50}]}]}', "reps"),
        ("post", "/workouts", '{"name": "W", "exercises": [{"exercise_id": 1, "sets": [{"reps": 5, "rpe": %s}]}]}', "rpe"),
        ("post", "/stats", '{"weight": %s}', "weight"),
        ("post", "/goals", '{"title": "X", "goal_type": "strength", "metric": "workout_count", "target_value": %s}', "target_value"),
        ("patch", "/users/me", '{"height": %s}', "height"),
    ],
)
def test_nan_and_infinity_are_a_422_naming_the_field(make_user, db, method, path, body, field, number):
    """JSON has no NaN or Infinity, but Python's parser reads them: refused like any bad number."""
    user = make_user("careless")
    before = _counts(db)
    response = user.client.request(
        method.upper(), path, content=(body % number).encode(), headers={**user.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422 and field in response.text, response.text
    assert isinstance(response.json()["detail"], list)
    db.expire_all()
    assert _counts(db) == before


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"], ids=["NUL", "lone surrogate"])
@pytest.mark.parametrize(
    ("method", "path", "request_kwargs", "field"),
    [
        ("get", "/exercises", lambda bad: {"params": {"q": bad}}, "q"),
        ("post", "/auth/login", lambda bad: {"data": {"username": bad, "password": "whatever-it-is"}}, "username"),
        ("post", "/auth/register", lambda bad: {"json": {"email": "n@pulse.test", "username": "nul_user", "password": "long-enough", "full_name": bad}}, "full_name"),
        ("post", "/workouts", lambda bad: {"json": {"name": bad}}, "name"),
        ("post", "/workouts", lambda bad: {"json": {"name": "W", "notes": bad}}, "notes"),
        ("post", "/exercises", lambda bad: {"json": {"name": bad, "primary_muscle": "CORE", "equipment": "NONE", "exercise_type": "STRENGTH"}}, "name"),
        ("post", "/friendships", lambda bad: {"json": {"username": bad}}, "username"),
        ("patch", "/users/me", lambda bad: {"json": {"full_name": bad}}, "full_name"),
    ],
)
def test_text_that_postgresql_cannot_hold_is_a_422_naming_the_field(make_user, db, method, path, request_kwargs, field, bad):
    """PostgreSQL text holds neither NUL nor unpaired surrogates: refused before the database."""
    import json as json_module

    user = make_user("typist")
    before = _counts(db)
    kwargs = request_kwargs(bad)
    if "params" in kwargs and bad != "a\x00b":
        # A URL cannot carry a lone surrogate; its UTF-8 bytes arrive as invalid UTF-8, which the
        # server reads as a replacement character: a search like any other, never a 500.
        response = user.client.get(f"{path}?q=a%ED%A0%80b", headers=user.headers)
        assert response.status_code == 200, response.text
        return
    if "json" in kwargs:  # httpx cannot encode a lone surrogate: send the JSON escape as a client would
        kwargs = {"content": json_module.dumps(kwargs.pop("json")).encode(), "headers": {"Content-Type": "application/json"}}
    headers = {**user.headers, **kwargs.pop("headers", {})}
    if "data" in kwargs:  # a form: percent-encoded (a surrogate as its UTF-8 bytes would not decode either)
        from urllib.parse import urlencode

        kwargs = {"content": urlencode(kwargs.pop("data"), encoding="utf-8", errors="surrogatepass").encode(), }
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    response = user.client.request(method.upper(), path, headers=headers, **kwargs)
    assert 400 <= response.status_code < 500 and field in response.text, (response.status_code, response.text)
    db.expire_all()
    assert _counts(db) == before


def test_a_chunked_body_over_the_limit_is_a_413_like_one_with_a_length(make_user, db):
    """Without Content-Length the body is counted as it arrives (it used to end in a 400)."""
    user = make_user("streamer")
    before = _counts(db)

    def chunks():
        yield b'{"name": "'
        for _ in range(40):
            yield b"x" * 65_536
        yield b'"}'

    response = user.client.post("/workouts", content=chunks(), headers={**user.headers, "Content-Type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["detail"], response.text
    db.expire_all()
    assert _counts(db) == before


def test_every_422_has_the_shape_the_schema_gives_it(make_user, exercise_ids):
    """Checks made after parsing answer as validation does: `detail` a list, `loc` naming the field."""
    user = make_user("shaped")
    squat = exercise_ids["Barbell Back Squat"]
    workout = user.post("/workouts", json={"name": "W", "status": "in_progress", "exercises": [{"exercise_id": squat, "sets": [{"reps": 5, "weight": 100}]}]}).json()
    set_id = workout["exercises"][0]["sets"][0]["id"]
    stat = user.post("/stats", json={"weight": 80}).json()
    recommendation = user.post("/recommendations/exercises", json={"k": 3}).json()
    not_in_it = next(e for e in exercise_ids.values() if e not in {i["exercise_id"] for i in recommendation["items"]})
    answers = {
        "user_id": user.post("/friendships", json={"user_id": user.id}),
        "weight": user.patch(f"/stats/{stat['id']}", json={"weight": None}),
        "height": user.patch("/users/me", json={"height": 300}),
        "reps": user.patch(f"/workouts/{workout['id']}/sets/{set_id}", json={"reps": None, "weight": None}),
        "exercise_id": user.post(f"/recommendations/{recommendation['id']}/feedback", json={"exercise_id": not_in_it, "action": "accepted"}),
    }
    for field, response in answers.items():
        assert response.status_code == 422, (field, response.text)
        detail = response.json()["detail"]
        assert isinstance(detail, list) and any(field in error["loc"] for error in detail), (field, detail)


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/workouts", {"name": "W", "status": "in_progress", "exercises": [{"exercise_id": SQUAT, "sets": [{"reps": True, "weight": 50}]}]}, "reps"),
        ("post", "/workouts", {"name": "W", "status": "in_progress", "exercises": [{"exercise_id": SQUAT, "sets": [{"reps": "5", "weight": 50}]}]}, "reps"),
        ("post", "/workouts", {"name": "W", "status": "in_progress", "exercises": [{"exercise_id": SQUAT, "sets": [{"duration_s": False}]}]}, "duration_s"),
        ("post", "/workouts", {"name": "W", "exercises": [{"exercise_id": True}]}, "exercise_id"),
        ("patch", "/users/me", {"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ("patch", "/users/me", {"date_of_birth": "1850-01-01"}, "date_of_birth"),
    ],
)
def test_booleans_are_not_numbers_and_nobody_is_born_in_the_future(make_user, exercise_ids, db, method, path, body, field):
    user = make_user("literal")
    before = _counts(db)
    response = user.client.request(method.upper(), path, headers=user.headers, json=_fill(body, exercise_ids["Barbell Back Squat"]))
    assert response.status_code == 422 and field in response.text, response.text
    db.expire_all()
    assert _counts(db) == before
