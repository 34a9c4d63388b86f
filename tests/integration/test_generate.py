"""The generator against real PostgreSQL: it loads every table, its rows pass the schema's checks
and agree with what the API computes, a seed cannot be loaded twice, and purging removes it all."""

import os
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session, selectinload

from api.enums import GoalMetric, SetType, WorkoutStatus
from api.exercises.library import load_library
from api.goals.service import current_value, is_met
from api.models import (
    Base,
    Exercise,
    User,
    UserGoal,
    UserStat,
    Workout,
    WorkoutExercise,
)
from api.workouts.service import _body_weight_at
from pulse.database import drop_database
from pulse.formulas import ExerciseEffort, workout_calories
from pulse.migrations import migrate
from synthetic import generate
from synthetic.purge import count_synthetic, purge

END = date(2025, 3, 31)
# Imports and their name mappings come only from the import path (tests/integration/test_imports.py),
# routines from people (test_routines.py); the generator writes neither.
IMPORT_TABLES = {"imports", "exercise_name_mappings", "routines", "routine_exercises"}
# Mail waiting to be sent and browsers' push endpoints are the app's plumbing, not activity.
OPERATIONAL_TABLES = {"email_outbox", "push_subscriptions"}
RARE_TABLES = {"user_blocks", "reports", "accountability_partners", "challenges", "challenge_participants"}
# Tables with synthetic rows; the change log (triggers' bookkeeping for the pipeline) has none.
TABLES = [
    table.name for table in Base.metadata.sorted_tables
    if table.name not in IMPORT_TABLES | OPERATIONAL_TABLES and "is_synthetic" in table.c
]


@pytest.fixture(scope="module")
def generated_engine(server_url):
    from conftest import fresh_database

    url = fresh_database(server_url, f"pulse_test_generate_{os.getpid()}")
    migrate(url)
    engine = create_engine(url)
    with Session(engine) as session:
        load_library(session)
    yield engine
    engine.dispose()
    drop_database(url)


@pytest.fixture(scope="module")
def counts(generated_engine):
    reported = []
    counts = generate(generated_engine, users=40, days=60, seed=11, end=END, progress=reported.append)
    assert sum(reported) == 40
    return counts


def test_every_table_gets_synthetic_rows(generated_engine, counts):
    assert set(counts) == set(TABLES)
    # Blocks and reports are rare (a few people in a hundred): a small population may have none.
    # tests/unit/test_generate_logic.py measures their shares on thousands of people.
    assert all(counts[table] > 0 for table in TABLES if table not in RARE_TABLES), counts
    with Session(generated_engine) as session:
        assert count_synthetic(session) == counts | dict.fromkeys(IMPORT_TABLES | OPERATIONAL_TABLES, 0)
        for table in TABLES:
            # The shared library is real data; everything else here was generated.
            mine = "owner_id IS NOT NULL" if table == "exercises" else "true"
            assert session.scalar(text(f"SELECT count(*) FROM app.{table} WHERE NOT is_synthetic AND {mine}")) == 0, table
        emails = session.scalars(select(User.email)).all()
        assert len(emails) == 40 and all(e.endswith(".test") for e in emails)
        # updated_at is the moment of writing; created_at is when things happened in the simulation.
        assert session.scalar(select(func.max(Workout.created_at))) < session.scalar(select(func.min(Workout.updated_at)))


def test_the_loaded_tables_have_planner_statistics(generated_engine, counts):
    with Session(generated_engine) as session:
        for table in (t for t in TABLES if counts[t]):  # an empty table has no statistics to gather
            analysed = session.scalar(text("SELECT count(*) FROM pg_stats WHERE schemaname = 'app' AND tablename = :t"), {"t": table})
            assert analysed > 0, f"{table} was not analysed after the load"


def test_workout_totals_are_what_the_api_computes(generated_engine, counts):
    with Session(generated_engine) as session:
        workouts = session.scalars(
            select(Workout).where(Workout.status == WorkoutStatus.completed)
            .options(selectinload(Workout.exercises).selectinload(WorkoutExercise.sets))
        ).all()
        assert len(workouts) > 100
        users = {u.id: u for u in session.scalars(select(User))}
        for w in workouts:
            sets = [s for we in w.exercises for s in we.sets]
            assert w.duration_s == int((w.completed_at - w.started_at).total_seconds())
            assert w.total_volume_kg == sum(
                (s.weight_kg * s.reps for s in sets
                 if s.set_type != SetType.warmup and s.weight_kg is not None and s.reps is not None),
                start=Decimal(0),
            )
            assert w.total_distance_m == sum((s.distance_m for s in sets if s.distance_m is not None), start=Decimal(0))
            efforts = [
                ExerciseEffort(
                    met=float(we.exercise.met_value),
                    set_count=len(we.sets),
                    timed_seconds=float(sum(s.duration_s or 0 for s in we.sets)),
                )
                for we in w.exercises
            ]
            expected = workout_calories(efforts, w.duration_s, _body_weight_at(session, users[w.user_id], w.completed_at))
            assert w.calories_kcal == Decimal(str(expected))
        other = session.execute(select(Workout.status, func.count()).group_by(Workout.status)).all()
        assert {status for status, _ in other} >= {WorkoutStatus.completed, WorkoutStatus.scheduled, WorkoutStatus.cancelled}


def test_goals_agree_with_the_api(generated_engine, counts):
    with Session(generated_engine) as session:
        goals = session.scalars(select(UserGoal)).all()
        assert {g.metric for g in goals} >= {GoalMetric.workout_count, GoalMetric.one_rep_max}
        for goal in goals:
            assert current_value(session, goal.user_id, goal, since=goal.created_at) == goal.current_value, goal.title
            if goal.is_achieved:
                assert goal.created_at <= goal.achieved_at
            if goal.metric != GoalMetric.body_weight:
                # Counts, distances and best lifts never go down: met now exactly when achieved.
                assert goal.is_achieved == is_met(goal), goal.title
            else:
                earliest = session.scalar(
                    select(UserStat.weight_kg).where(UserStat.user_id == goal.user_id, UserStat.recorded_at <= goal.created_at)
                    .order_by(UserStat.recorded_at.desc()).limit(1)
                )
                assert goal.start_value == earliest
                assert goal.is_achieved or not is_met(goal)
        assert any(g.is_achieved for g in goals) and not all(g.is_achieved for g in goals)


def test_recommendations_and_feedback_fit_the_people(generated_engine, counts):
    with generated_engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).scalar()
        assert counts["recommendations"] > 20 and counts["recommendation_feedback"] > counts["recommendations"]
        # Settings: equipment always includes NONE; some people opt in to be discoverable.
        assert q("SELECT count(*) FROM app.users WHERE NOT 'NONE' = ANY(available_equipment)") == 0
        assert 0 < q("SELECT count(*) FROM app.users WHERE is_discoverable") < 40
        assert q("SELECT count(*) FROM app.users WHERE is_admin") == 0
        # Every recommended exercise is a library exercise the person's equipment allows.
        assert q("""
            SELECT count(*) FROM app.recommendations r
            CROSS JOIN LATERAL unnest(r.exercise_ids) AS x(exercise_id)
            JOIN app.users u ON u.id = r.user_id
            LEFT JOIN app.exercises e ON e.id = x.exercise_id
            WHERE e.id IS NULL OR e.owner_id IS NOT NULL OR NOT e.equipment = ANY(u.available_equipment)
        """) == 0
        assert q("SELECT count(*) FROM app.recommendations WHERE cardinality(exercise_ids) NOT BETWEEN 8 AND 12") == 0
        assert q("SELECT count(*) FROM app.recommendations WHERE model_name <> 'exercise-recommender' OR kind <> 'exercises'") == 0
        # Feedback: by the person who got the list, on a listed exercise, after it was served.
        assert q("""
            SELECT count(*) FROM app.recommendation_feedback f JOIN app.recommendations r ON r.id = f.recommendation_id
            WHERE f.user_id <> r.user_id OR NOT f.exercise_id = ANY(r.exercise_ids) OR f.created_at <= r.created_at
        """) == 0
        # Accepted means trained in the next completed workout after the list was served.
        assert q("""
            SELECT count(*) FROM app.recommendation_feedback f JOIN app.recommendations r ON r.id = f.recommendation_id
            CROSS JOIN LATERAL (
                SELECT w.id FROM app.workouts w WHERE w.user_id = r.user_id AND w.status = 'completed'
                AND w.started_at > r.created_at ORDER BY w.started_at LIMIT 1
            ) AS nxt
            WHERE f.action = 'accepted'
              AND NOT EXISTS (SELECT 1 FROM app.workout_exercises we WHERE we.workout_id = nxt.id AND we.exercise_id = f.exercise_id)
        """) == 0
        actions = dict(conn.execute(text("SELECT action::text, count(*) FROM app.recommendation_feedback GROUP BY 1")).all())
        assert set(actions) == {"accepted", "skipped", "thumbs_up", "thumbs_down"}
        assert q("SELECT count(*) FROM app.recommendations r WHERE NOT EXISTS "
                 "(SELECT 1 FROM app.recommendation_feedback f WHERE f.recommendation_id = r.id)") > 0
        assert q("SELECT count(*) FROM app.recommendations WHERE created_at > '2025-03-31 12:00Z'") == 0


def test_same_seed_again_is_refused_and_writes_nothing(generated_engine, counts):
    with Session(generated_engine) as session:
        before = count_synthetic(session)
    with pytest.raises(ValueError, match="seed 11 was already generated; run `pulse db purge-synthetic` first"):
        generate(generated_engine, users=3, days=10, seed=11, end=END)
    with Session(generated_engine) as session:
        assert count_synthetic(session) == before


def test_another_seed_adds_people_and_purge_removes_everything(generated_engine, counts):
    added = generate(generated_engine, users=5, days=14, seed=12, end=END)
    assert added["users"] == 5
    with Session(generated_engine) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 45
        library = session.scalar(select(func.count()).select_from(Exercise).where(Exercise.owner_id.is_(None)))
        removed = purge(session)
        assert removed["users"] == 45
        assert removed["workout_sets"] == counts["workout_sets"] + added["workout_sets"]
        assert all(n == 0 for n in count_synthetic(session).values())
        assert session.scalar(select(func.count()).select_from(Exercise)) == library == 191


def test_a_failure_half_way_writes_nothing(generated_engine, monkeypatch):
    from synthetic import writer

    written = []
    original = writer.Loader.write

    def fail_on_third_batch(self, batch):
        if len(written) == 2:
            raise RuntimeError("disk full")
        original(self, batch)
        written.append(len(batch))

    monkeypatch.setattr(writer, "BATCH_PEOPLE", 4)
    monkeypatch.setattr(writer.Loader, "write", fail_on_third_batch)
    with Session(generated_engine) as session:
        before = count_synthetic(session)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(generated_engine.url.render_as_string(hide_password=False), users=20, days=20, seed=14, end=END)
    assert written == [4, 4]
    with Session(generated_engine) as session:
        assert count_synthetic(session) == before


def _snapshot(engine) -> list:
    """Every generated row without ids or updated_at, in a stable order."""
    queries = [
        "SELECT email, username, full_name, date_of_birth, height_m, fitness_goal, experience_level, unit_system, "
        "workout_visibility, stats_visibility, available_equipment::text[], is_discoverable, created_at FROM app.users ORDER BY email",
        "SELECT u.email, w.name, w.status, w.client_id, w.scheduled_for, w.started_at, w.completed_at, w.duration_s, "
        "w.total_volume_kg, w.total_distance_m, w.calories_kcal, w.created_at, "
        "(SELECT md5(string_agg(concat_ws('|', e.name, we.position, we.target_weight_kg, s.set_index, s.set_type, s.reps, "
        "s.weight_kg, s.duration_s, s.distance_m, s.rpe, s.completed_at), ',' ORDER BY we.position, s.set_index)) "
        " FROM app.workout_exercises we JOIN app.exercises e ON e.id = we.exercise_id "
        " LEFT JOIN app.workout_sets s ON s.workout_exercise_id = we.id WHERE we.workout_id = w.id) "
        "FROM app.workouts w JOIN app.users u ON u.id = w.user_id ORDER BY 1, w.created_at, w.scheduled_for, w.name, 13",
        "SELECT u.email, s.recorded_at, s.weight_kg, s.body_fat_pct, s.resting_heart_rate FROM app.user_stats s "
        "JOIN app.users u ON u.id = s.user_id ORDER BY 1, 2",
        "SELECT u.email, g.title, g.metric, g.target_value, g.start_value, g.current_value, g.achieved_at, g.created_at "
        "FROM app.user_goals g JOIN app.users u ON u.id = g.user_id ORDER BY 1, g.created_at",
        "SELECT a.email, b.email, f.status, f.created_at, f.responded_at FROM app.friendships f "
        "JOIN app.users a ON a.id = f.requester_id JOIN app.users b ON b.id = f.addressee_id ORDER BY 1, 2",
        (
            "SELECT u.email, r.created_at, r.model_version, "
            " (SELECT array_agg(e.name ORDER BY x.n) FROM unnest(r.exercise_ids) WITH ORDINALITY AS x(id, n) "
            "  JOIN app.exercises e ON e.id = x.id), "
            " (SELECT string_agg(concat_ws('|', e.name, f.action, f.created_at), ',' ORDER BY f.created_at, e.name, f.action) "
            "  FROM app.recommendation_feedback f JOIN app.exercises e ON e.id = f.exercise_id WHERE f.recommendation_id = r.id) "
            "FROM app.recommendations r JOIN app.users u ON u.id = r.user_id ORDER BY 1, 2"
        ),
    ]
    with engine.connect() as conn:
        return [conn.execute(text(q)).all() for q in queries]


def test_the_same_arguments_give_the_same_rows_whatever_the_batches(generated_engine, monkeypatch):
    from synthetic import writer

    with Session(generated_engine) as session:
        purge(session)
    monkeypatch.setattr(writer, "BATCH_PEOPLE", 3)
    generate(generated_engine, users=15, days=30, seed=13, end=END)
    first = _snapshot(generated_engine)
    with Session(generated_engine) as session:
        purge(session)
    monkeypatch.setattr(writer, "BATCH_PEOPLE", 200)
    generate(generated_engine, users=15, days=30, seed=13, end=END)
    assert _snapshot(generated_engine) == first
    assert all(rows for rows in first)
