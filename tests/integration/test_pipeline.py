"""The whole pipeline on real PostgreSQL: generated people → Dagster (ingest, dbt build, checks)
→ marts that agree with values computed independently in Python; an incremental run equals a
full refresh; a failing dbt test fails its check and stops what is downstream without touching
what was built before; an empty app database gives empty marts."""

import json
import os
import subprocess
from collections import defaultdict
from datetime import UTC, date, timedelta
from decimal import Decimal

import psycopg
import pytest
from conftest import fresh_database
from dagster import DagsterInstance
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.exercises.library import load_library
from pipelines.partitions import run_tags
from pipelines.transform.project import DBT_DIR, DBT_EXECUTABLE, dbt_build_args, dbt_env, ensure_manifest
from pulse.database import drop_database, libpq_conninfo
from pulse.formulas import estimated_one_rep_max
from pulse.migrations import migrate
from synthetic import generate

pytestmark = pytest.mark.slow


def prepared_database(server_url, name, people: int = 0):
    url = fresh_database(server_url, name)
    migrate(url)
    if people:
        engine = create_engine(url)
        with Session(engine) as session:
            load_library(session)
        engine.dispose()
        generate(url, users=people, days=42, seed=11)
    return url


def run_pipeline(url, since=None):
    ensure_manifest()
    from pipelines.definitions import build_definitions

    rendered = url.render_as_string(hide_password=False)
    job = build_definitions(rendered, rendered).resolve_job_def("pulse_everything")
    return job.execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False, tags=run_tags(since))


def query(url, sql, *params):
    with psycopg.connect(libpq_conninfo(url)) as conn:
        return conn.execute(sql, params).fetchall()


def table_snapshot(url, table, key):
    return query(url, f"SELECT * FROM {table} ORDER BY {key}")


@pytest.fixture(scope="module")
def populated(server_url):
    url = prepared_database(server_url, "pulse_test_pipeline", people=20)
    yield url
    drop_database(url)


def test_marts_agree_with_python(populated):
    result = run_pipeline(populated)
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) > 100
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    assert failed == []

    sets = query(populated, """
        SELECT w.user_id, w.completed_at, we.exercise_id, s.set_type::text, s.reps, s.weight_kg
        FROM app.workout_sets s
        JOIN app.workout_exercises we ON we.id = s.workout_exercise_id
        JOIN app.workouts w ON w.id = we.workout_id
        WHERE w.status = 'completed'
    """)
    assert len(sets) > 1000
    # Total volume per person and ISO week (Monday, UTC), warm-ups excluded.
    volume = defaultdict(Decimal)
    best_1rm = {}
    for user_id, completed_at, exercise_id, set_type, reps, weight in sets:
        day = completed_at.astimezone(UTC).date()
        monday = day - timedelta(days=day.weekday())
        if set_type != "warmup" and weight is not None and reps is not None:
            volume[(user_id, monday)] += weight * reps
        e1rm = estimated_one_rep_max(float(weight) if weight is not None else None, reps) if set_type != "warmup" else None
        if e1rm is not None:
            key = (user_id, exercise_id)
            best_1rm[key] = max(best_1rm.get(key, 0), e1rm)
    mart_volume = {(u, w): v for u, w, v in query(populated, "SELECT user_id, week_start::date, sum(volume_kg) FROM marts.weekly_muscle_volume GROUP BY 1, 2")}
    expected_volume = {k: v for k, v in volume.items() if v > 0}
    assert {k: v for k, v in mart_volume.items() if v > 0} == expected_volume
    mart_1rm = dict(((u, e), float(v)) for u, e, v in query(populated, """
        SELECT user_id, exercise_id, max(value_kg) FROM marts.personal_records
        WHERE record_type = 'estimated_1rm' GROUP BY 1, 2"""))
    assert mart_1rm.keys() == best_1rm.keys()
    for key, value in best_1rm.items():
        assert mart_1rm[key] == pytest.approx(value, rel=1e-9)


def test_the_apis_training_load_equals_the_marts(populated):
    """GET /safety/load computes at request time what training_load_daily and muscle_load_daily
    hold: every person on days before the newest workout's (whole days on both sides)."""
    from api.safety.load import training_load

    if not query(populated, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'muscle_load_daily'"):
        assert run_pipeline(populated).success
    as_of_day = query(populated, "SELECT max(completed_at AT TIME ZONE 'UTC')::date FROM app.workouts WHERE status = 'completed'")[0][0]
    person_rows = query(populated, """
        SELECT user_id, load_date, acute_load_7d, chronic_load_28d, acwr, days_of_history, is_load_spike
        FROM marts.training_load_daily WHERE load_date < %s AND (extract(day FROM load_date)::int %% 5 = 0 OR is_load_spike)""", as_of_day)
    muscle_rows = query(populated, """
        SELECT user_id, load_date, muscle_group, hard_sets_7d, prior_week_hard_sets, hard_sets_28d, baseline_weekly_hard_sets, is_spike
        FROM marts.muscle_load_daily WHERE load_date < %s""", as_of_day)
    assert len(person_rows) > 100 and len(muscle_rows) > 100
    assert any(row[-1] for row in muscle_rows), "the generated people should give at least one muscle spike to compare"
    engine = create_engine(populated)
    with Session(engine) as session:
        for user_id, day, acute, chronic, acwr, history, spike in person_rows:
            load = training_load(session, user_id, day)
            assert (load.acute_load_7d, load.chronic_load_28d, load.acwr, load.days_of_history, load.is_load_spike) == \
                (acute, chronic, acwr, history, spike), (user_id, day)
        checked = {}
        for user_id, day, muscle, week, prior, month, baseline, spike in muscle_rows:
            if (user_id, day) not in checked:
                checked[(user_id, day)] = {m.muscle_group: m for m in training_load(session, user_id, day).muscles}
            m = checked[(user_id, day)][muscle]
            assert (m.hard_sets_7d, m.prior_week_hard_sets, m.hard_sets_28d, m.baseline_weekly_hard_sets, m.is_spike) == \
                (week, prior, month, baseline, spike), (user_id, day, muscle)
    engine.dispose()


def test_the_challenge_leaderboard_mart_equals_the_apis(populated):
    """A challenge among generated people (made here in the app database), the pipeline run
    again, and the mart's totals and ranks against GET /challenges/{id}'s."""
    from api.challenges.service import leaderboard
    from api.models import Challenge

    people = [row[0] for row in query(populated, "SELECT user_id FROM app.workouts w WHERE status = 'completed' GROUP BY user_id ORDER BY count(*) DESC LIMIT 4")]
    first_day, last_day = query(populated, "SELECT min(completed_at)::date + 10, max(completed_at)::date FROM app.workouts WHERE status = 'completed'")[0]
    with psycopg.connect(libpq_conninfo(populated)) as conn:
        ids = [conn.execute(
            "INSERT INTO app.challenges (creator_id, title, metric, muscle_group, starts_on, ends_on) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
            (people[0], title, metric, muscle, first_day, last_day)).fetchone()[0]
            for title, metric, muscle in (("Sessions", "sessions", None), ("Legs", "volume", "LEGS"), ("Total", "volume", None))]
        for challenge_id in ids:
            for person in people[:3]:
                conn.execute("INSERT INTO app.challenge_participants (challenge_id, user_id, status) VALUES (%s, %s, 'joined')", (challenge_id, person))
        conn.execute("INSERT INTO app.challenge_participants (challenge_id, user_id, status) VALUES (%s, %s, 'invited')", (ids[0], people[3]))
    assert run_pipeline(populated).success
    engine = create_engine(populated)
    with Session(engine) as session:
        for challenge_id in ids:
            challenge = session.get(Challenge, challenge_id)
            api = [(u.id, round(v, 3), n) for u, v, n in leaderboard(session, challenge, hidden=set())]
            mart = query(populated, "SELECT user_id, round(value, 3)::float, sessions_count, leaderboard_rank FROM marts.challenge_leaderboard "
                                    "WHERE challenge_id = %s ORDER BY value DESC, user_id", challenge_id)
            assert sorted(api) == sorted((u, v, n) for u, v, n, _ in mart) and len(mart) == 3
            assert [r for *_, r in mart][0] == 1 and api[0][1] == mart[0][1]
    engine.dispose()


def dbt_command(url, *args):
    env = {**os.environ, **dbt_env(url)}
    where = ["--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--quiet"]
    return subprocess.run([DBT_EXECUTABLE, *args, *where], env=env, capture_output=True, text=True)


def test_dbt_unit_tests_pass(populated):
    """The SQL unit tests (week boundaries, SI units, 1RM, load windows, top sets) run in the warehouse;
    production builds leave them out."""
    result = dbt_command(populated, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout + result.stderr


# Every incremental model and its key (macros/incremental.sql says how each finds what changed).
INCREMENTAL_MODELS = {
    "marts.fct_sets": "set_id",
    "marts.fct_workouts": "workout_id",
    "marts.weekly_muscle_volume": "user_id, week_start, muscle_group",
    "marts.personal_records": "record_id",
    "marts.training_load_daily": "user_id, load_date",
    "marts.muscle_load_daily": "user_id, muscle_group, load_date",
    "intermediate.int_user_weeks": "user_id, week_start",
    "intermediate.int_user_exercise_interactions": "user_id, exercise_id",
    "intermediate.int_exercise_sessions": "workout_id, exercise_id",
    "intermediate.int_goal_progress": "goal_id",
}


def edit_the_app_at_random(url, seed):
    """What a day of app use does to old data, and more: new people and workouts, edited and
    deleted sets, a workout moved to another week, an entry switched to another exercise, a
    renamed exercise, a deleted workout, a goal's new target, a deleted body weight (the latest of
    a person with a body-weight goal), and an account deleted. Returns the deleted person's id."""
    import random

    rng = random.Random(seed)
    generate(url, users=3, days=10, seed=seed)
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        def pick(sql):
            rows = [r[0] for r in conn.execute(sql).fetchall()]
            return rng.choice(rows)

        completed = "SELECT id FROM app.workouts WHERE status = 'completed'"
        conn.execute("UPDATE app.workout_sets SET reps = reps + 2, weight_kg = weight_kg * 1.5 WHERE id = %s",
                     (pick("SELECT id FROM app.workout_sets WHERE reps IS NOT NULL AND weight_kg IS NOT NULL"),))
        conn.execute("DELETE FROM app.workout_sets WHERE id = %s", (pick("SELECT id FROM app.workout_sets"),))
        # Later, not earlier: the week it leaves is one no other change reaches.
        conn.execute("UPDATE app.workouts SET started_at = started_at + interval '9 days', completed_at = completed_at + interval '9 days' "
                     "WHERE id = %s", (pick(completed),))
        # An entry that holds a standing record: the record must move to the new exercise.
        conn.execute("UPDATE app.workout_exercises SET exercise_id = %s WHERE id = %s", (
            pick("SELECT id FROM app.exercises WHERE owner_id IS NULL"),
            pick("""SELECT we.id FROM app.workout_exercises we JOIN marts.personal_records pr
                    ON pr.workout_id = we.workout_id AND pr.exercise_id = we.exercise_id WHERE pr.is_current_best"""),
        ))
        # The least used exercise: a rename of a popular one would recompute nearly everyone.
        conn.execute("UPDATE app.exercises SET name = name || ' (renamed)' WHERE id = %s",
                     (pick("SELECT exercise_id FROM app.workout_exercises GROUP BY 1 ORDER BY count(*), 1 LIMIT 1"),))
        conn.execute("DELETE FROM app.workouts WHERE id = %s", (pick(completed),))
        # Goals change without a workout: a new target, and the body weight a goal measures.
        conn.execute("UPDATE app.user_goals SET target_value = target_value + 1 WHERE id = %s", (pick("SELECT id FROM app.user_goals"),))
        conn.execute("DELETE FROM app.user_stats WHERE id = %s", (pick("""
            SELECT DISTINCT ON (s.user_id) s.id FROM app.user_stats s JOIN app.user_goals g ON g.user_id = s.user_id
            WHERE g.metric = 'body_weight' AND s.weight_kg IS NOT NULL ORDER BY s.user_id, s.recorded_at DESC, s.id DESC"""),))
        gone = pick("SELECT DISTINCT user_id FROM app.workouts WHERE status = 'completed'")
        conn.execute("DELETE FROM app.users WHERE id = %s", (gone,))
    return gone


def test_incremental_runs_equal_a_full_refresh(populated, monkeypatch):
    """Two rounds of random inserts, edits and deletes, each followed by an incremental run: every
    incremental model then equals a full refresh of the same raw data, and the deleted people are
    gone from every mart and feature table (the privacy promise). No lookback: these runs are
    seconds apart, and a lookback of hours would recompute everything."""
    monkeypatch.setenv("PULSE_INCREMENTAL_LOOKBACK_HOURS", "0")
    manifest = json.loads(ensure_manifest().read_text())
    incremental_models = {f"{n['schema']}.{n['name']}" for n in manifest["nodes"].values()
                          if n["resource_type"] == "model" and n["config"]["materialized"] == "incremental"}
    assert incremental_models == set(INCREMENTAL_MODELS)  # every one of them is compared below
    assert run_pipeline(populated).success  # the starting point: built, as after any earlier run
    gone = []
    for seed in (21, 22):
        gone.append(edit_the_app_at_random(populated, seed))
        assert run_pipeline(populated).success
    incremental = {t: table_snapshot(populated, t, k) for t, k in INCREMENTAL_MODELS.items()}
    names = " ".join(t.split(".")[1] for t in INCREMENTAL_MODELS)
    # the views too: replacing a table drops the views over it
    refresh = dbt_command(populated, *dbt_build_args(full_refresh=True, select=f"{names} config.materialized:view", exclude_unit_tests=True))
    assert refresh.returncode == 0, refresh.stdout + refresh.stderr
    for table, key in INCREMENTAL_MODELS.items():
        refreshed = table_snapshot(populated, table, key)
        assert incremental[table] == refreshed, table
    assert len(incremental["marts.fct_sets"]) == query(populated, """
        SELECT count(*) FROM app.workout_sets s JOIN app.workout_exercises we ON we.id = s.workout_exercise_id
        JOIN app.workouts w ON w.id = we.workout_id WHERE w.status = 'completed'""")[0][0]
    with_people = query(populated, """
        SELECT table_schema || '.' || table_name FROM information_schema.columns
        WHERE table_schema IN ('intermediate', 'marts', 'features') AND column_name = 'user_id'""")
    assert len(with_people) > 15
    for (table,) in with_people:
        assert query(populated, f"SELECT count(*) FROM {table} WHERE user_id = ANY(%s)", gone) == [(0,)], table


def test_a_backfill_over_earlier_days_rebuilds_them(populated, monkeypatch):
    """Through Dagster's API: a run for the newest day materializes that day's partition of every
    ingest and fact asset; one run over earlier days (what a backfill from the UI or `pulse pipeline
    run --since` starts) materializes each of their partitions and rebuilds those days: fact rows
    lost from the warehouse come back, which a newest-day run alone does not do."""
    from pipelines.partitions import newest_day

    monkeypatch.setenv("PULSE_INCREMENTAL_LOOKBACK_HOURS", "0")

    def partitions(result, asset):
        return {e.partition for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == asset}

    newest = run_pipeline(populated)
    assert newest.success
    assert partitions(newest, "raw/workouts") == partitions(newest, "marts/fct_sets") == {newest_day()}
    assert partitions(newest, "marts/weekly_muscle_volume") == {None}  # downstream of the facts: not partitioned
    facts = {t: table_snapshot(populated, f"marts.{t}", k) for t, k in (("fct_sets", "set_id"), ("fct_workouts", "workout_id"))}
    first = date.fromisoformat(newest_day()) - timedelta(days=5)
    for table in facts:
        query_and_commit(populated, f"DELETE FROM marts.{table} WHERE workout_date BETWEEN '{first}' AND '{first + timedelta(days=1)}'")
    assert run_pipeline(populated).success
    assert 0 < len(table_snapshot(populated, "marts.fct_sets", "set_id")) < len(facts["fct_sets"])  # nothing changed in the app

    backfill = run_pipeline(populated, since=first)
    assert backfill.success
    days = {(first + timedelta(days=n)).isoformat() for n in range((date.fromisoformat(newest_day()) - first).days + 1)}
    assert partitions(backfill, "raw/workout_sets") == partitions(backfill, "marts/fct_workouts") == days
    for table, key in (("fct_sets", "set_id"), ("fct_workouts", "workout_id")):
        assert table_snapshot(populated, f"marts.{table}", key) == facts[table], table


def test_a_failing_dbt_test_fails_its_check_and_stops_downstream(populated):
    before = table_snapshot(populated, "marts.fct_sets", "set_id")
    features_before = table_snapshot(populated, "features.feat_user_exercise_interactions", "user_id, exercise_id")
    # The app learns a set type the pipeline does not know yet.
    query_and_commit(populated, "ALTER TYPE app.set_type ADD VALUE IF NOT EXISTS 'cluster'")
    query_and_commit(populated, "UPDATE app.workout_sets SET set_type = 'cluster' WHERE id = (SELECT max(id) FROM app.workout_sets)")
    result = run_pipeline(populated)
    assert not result.success
    failed = {(e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations() if not e.passed}
    assert any(asset == "staging/stg_app__workout_sets" and "set_type" in check for asset, check in failed)
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "raw/workout_sets" in materialized
    assert "marts/fct_sets" not in materialized and "features/feat_user_exercise_interactions" not in materialized
    assert table_snapshot(populated, "marts.fct_sets", "set_id") == before
    assert table_snapshot(populated, "features.feat_user_exercise_interactions", "user_id, exercise_id") == features_before


def test_an_empty_app_database_gives_empty_marts(server_url):
    url = prepared_database(server_url, "pulse_test_pipeline_empty")
    try:
        result = run_pipeline(url)
        assert result.success
        for table in ("marts.fct_sets", "marts.fct_workouts", "marts.weekly_muscle_volume", "features.feat_user_profile"):
            assert query(url, f"SELECT count(*) FROM {table}")[0][0] == 0
    finally:
        drop_database(url)


def query_and_commit(url, sql):
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        conn.execute(sql)


def test_analytics_reports_read_the_marts_for_administrators(populated):
    """GET /analytics/* (in process) and the ML service's /ml/analytics/* answer from the marts:
    daily active lifters equal a count over the app's own workouts."""
    from conftest import ApiUser, make_settings
    from fastapi.testclient import TestClient

    from api.main import create_app
    from serving.app import create_ml_app

    if not query(populated, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'community_daily'"):
        assert run_pipeline(populated).success
    expected = {day.isoformat(): n for day, n in query(populated, """
        SELECT (completed_at AT TIME ZONE 'UTC')::date, count(DISTINCT user_id) FROM app.workouts
        WHERE status = 'completed' GROUP BY 1""")}
    rendered = populated.render_as_string(hide_password=False)
    settings = make_settings(database_url=rendered)
    with TestClient(create_app(settings, database_url=rendered)) as client:
        admin, person = ApiUser(client, "analyst"), ApiUser(client, "curious")
        with psycopg.connect(libpq_conninfo(populated)) as conn:
            conn.execute("UPDATE app.users SET is_admin = true WHERE id = %s", (admin.id,))
        assert person.get("/analytics/daily-active").status_code == 403
        daily = admin.get("/analytics/daily-active", params={"days": 3660}).json()
        assert daily["source"] == "marts.community_daily"
        assert {r["day"]: r["active_lifters"] for r in daily["rows"] if r["active_lifters"]} == expected  # other days had sign-ups only
        real = admin.get("/analytics/daily-active", params={"days": 3660, "population": "real"}).json()["rows"]
        assert real == []  # every person in this database is generated (ours came after the pipeline ran)
        for name in ("retention", "recommendation-acceptance", "moderation"):
            answer = admin.get(f"/analytics/{name}", params={"days": 3660})
            assert answer.status_code == 200 and answer.json()["source"].startswith("marts.")
        assert len(admin.get("/analytics/retention", params={"days": 3660}).json()["rows"]) > 0
        assert admin.get("/analytics/churn").status_code == 422
        with psycopg.connect(libpq_conninfo(populated)) as conn:
            conn.execute("DELETE FROM app.users WHERE id IN (%s, %s)", (admin.id, person.id))
    with TestClient(create_ml_app(settings)) as service:
        served = service.get("/ml/analytics/daily-active", params={"days": 3660}).json()
        assert {r["day"]: r["active_lifters"] for r in served["rows"] if r["active_lifters"]} == expected


def test_analytics_say_when_the_marts_are_not_built(client, make_user, db):
    from sqlalchemy import text

    admin = make_user("early_analyst")
    db.execute(text("UPDATE app.users SET is_admin = true WHERE id = :id"), {"id": admin.id})
    db.commit()
    answer = admin.get("/analytics/moderation")
    assert answer.status_code == 409 and "not built yet" in answer.json()["detail"]
