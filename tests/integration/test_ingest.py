"""Ingest of app tables into raw: incremental from the app's change log, idempotent, crash-safe,
deletes propagated, late commits not lost, private columns kept home, columns the app gains
filled in for old rows, the weekly reconciliation finds drift, and a separate warehouse
database works the same."""

import psycopg
import pytest
from conftest import fresh_database
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.exercises.library import load_library
from pipelines.ingest.extract import TABLES, ingest_table
from pulse.database import drop_database, libpq_conninfo
from pulse.migrations import migrate
from synthetic.demo import create_demo_user


@pytest.fixture
def app_db(server_url):
    url = fresh_database(server_url, "pulse_test_ingest_app")
    migrate(url)
    engine = create_engine(url)
    with Session(engine) as session:
        load_library(session)
        create_demo_user(session, weeks=2)
    engine.dispose()
    with connect(url) as app:
        add_recommendations(app)
    yield url
    drop_database(url)


@pytest.fixture
def warehouse_db(server_url):
    url = fresh_database(server_url, "pulse_test_ingest_wh")
    yield url
    drop_database(url)


def connect(url):
    return psycopg.connect(libpq_conninfo(url), autocommit=True)


def add_recommendations(app):
    """Two served lists for each person (one answered by the fallback), with some feedback."""
    app.execute("UPDATE app.users SET is_admin = true, is_discoverable = true, available_equipment = '{NONE,DUMBBELL}' WHERE username = 'demo'")
    app.execute("""
        INSERT INTO app.recommendations (user_id, kind, model_name, model_version, exercise_ids)
        SELECT u.id, 'exercises', 'exercise-recommender', v.version,
               (SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM app.exercises WHERE owner_id IS NULL ORDER BY id LIMIT 10) AS e)
        FROM app.users u CROSS JOIN (VALUES ('3'), (NULL)) AS v(version)
    """)
    app.execute("""
        INSERT INTO app.recommendation_feedback (recommendation_id, user_id, exercise_id, action)
        SELECT r.id, r.user_id, r.exercise_ids[a.n], a.action::app.feedback_action
        FROM app.recommendations r
        CROSS JOIN (VALUES (1, 'accepted'), (1, 'thumbs_up'), (2, 'skipped'), (3, 'thumbs_down')) AS a(n, action)
    """)


def ingest_all(app, wh, **kw):
    return {t: ingest_table(app, wh, t, **kw) for t in TABLES}


def raw_matches_app(app, wh, table, columns="id, updated_at"):
    """The live raw rows are exactly the app's rows (compared on `columns`)."""
    in_app = set(app.execute(f"SELECT {columns} FROM app.{table}").fetchall())
    in_raw = set(wh.execute(f"SELECT {columns} FROM raw.{table} WHERE _deleted_at IS NULL").fetchall())
    return in_app == in_raw


def test_incremental_idempotent_and_deletes(app_db):
    with connect(app_db) as app, connect(app_db) as wh:
        first = ingest_all(app, wh)
        assert first["workout_sets"].written == app.execute("SELECT count(*) FROM app.workout_sets").fetchone()[0] > 0
        assert all(raw_matches_app(app, wh, t) for t in TABLES)
        # Columns that must never leave the app database.
        raw_user_columns = {r[0] for r in wh.execute("SELECT column_name FROM information_schema.columns WHERE table_schema='raw' AND table_name='users'")}
        assert not raw_user_columns & {"email", "hashed_password", "full_name", "is_admin", "bio"}
        written = {(t, c) for t, c in wh.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'raw'")}
        assert not written & {("comments", "body"), ("reports", "details"), ("reports", "resolution_note")}
        assert {("comments", "moderation"), ("reports", "reason")} <= written
        assert {"available_equipment", "is_discoverable"} <= raw_user_columns
        assert wh.execute("SELECT available_equipment, is_discoverable FROM raw.users WHERE username = 'demo'").fetchone() == (["NONE", "DUMBBELL"], True)
        people = app.execute("SELECT count(*) FROM app.users").fetchone()[0]
        assert first["recommendations"].written == 2 * people and first["recommendation_feedback"].written == 8 * people  # 2 lists per demo person
        assert wh.execute("SELECT pg_typeof(exercise_ids)::text, pg_typeof(kind)::text FROM raw.recommendations LIMIT 1").fetchone() == ("bigint[]", "text")
        assert wh.execute("SELECT count(*) FROM raw.recommendations WHERE model_version IS NULL").fetchone()[0] == people
        # Enums arrive as text, SI values exactly.
        assert wh.execute("SELECT pg_typeof(secondary_muscles)::text FROM raw.exercises LIMIT 1").fetchone()[0] == "text[]"
        assert wh.execute("SELECT sum(weight_kg) FROM raw.workout_sets").fetchone() == app.execute("SELECT sum(weight_kg) FROM app.workout_sets").fetchone()

        again = ingest_all(app, wh)
        assert all(r.written == 0 and r.deleted == 0 for r in again.values())

        app.execute("UPDATE app.workouts SET notes = 'felt strong' WHERE id = (SELECT min(id) FROM app.workouts)")
        victim = app.execute("SELECT max(id) FROM app.workouts").fetchone()[0]
        doomed_sets = app.execute(
            "SELECT count(*) FROM app.workout_sets s JOIN app.workout_exercises e ON e.id = s.workout_exercise_id WHERE e.workout_id = %s", (victim,)
        ).fetchone()[0]
        app.execute("DELETE FROM app.workouts WHERE id = %s", (victim,))
        third = ingest_all(app, wh)
        assert not any(r.full for r in third.values())  # read from the change log: no table scanned
        assert third["workouts"].extracted == 1  # the edited workout (the deleted one is no longer there to read)
        assert third["workouts"].written == 1 and third["workouts"].deleted == 1
        assert third["workout_sets"].deleted == doomed_sets > 0
        assert wh.execute("SELECT notes FROM raw.workouts WHERE id = (SELECT min(id) FROM raw.workouts)").fetchone()[0] == "felt strong"
        assert wh.execute("SELECT _deleted_at IS NOT NULL FROM raw.workouts WHERE id = %s", (victim,)).fetchone()[0]
        assert all(raw_matches_app(app, wh, t) for t in TABLES)

        # Feedback changes and a served list deleted with its feedback (the app cascades).
        app.execute("UPDATE app.recommendation_feedback SET action = 'accepted' WHERE action = 'skipped' AND id = (SELECT min(id) FROM app.recommendation_feedback WHERE action = 'skipped')")
        gone = app.execute("SELECT max(id) FROM app.recommendations").fetchone()[0]
        app.execute("DELETE FROM app.recommendations WHERE id = %s", (gone,))
        fourth = ingest_all(app, wh)
        assert (fourth["recommendations"].written, fourth["recommendations"].deleted) == (0, 1)
        assert (fourth["recommendation_feedback"].written, fourth["recommendation_feedback"].deleted) == (1, 4)
        assert wh.execute("SELECT count(*) FROM raw.recommendation_feedback WHERE recommendation_id = %s AND _deleted_at IS NOT NULL", (gone,)).fetchone()[0] == 4
        assert raw_matches_app(app, wh, "recommendation_feedback", "id, action::text, updated_at")


def test_a_column_the_app_gains_reaches_the_rows_already_copied(app_db):
    """Rows that existed when the app gained a column got its default without a new updated_at:
    the first run after the change reads them all once. A private column copied by an earlier
    version is removed."""
    with connect(app_db) as app, connect(app_db) as wh:
        ingest_all(app, wh)
        # raw.users as an ingest from before the migration left it, and one that leaked is_admin.
        wh.execute("ALTER TABLE raw.users DROP COLUMN is_discoverable, DROP COLUMN available_equipment, ADD COLUMN is_admin boolean")
        users = app.execute("SELECT count(*) FROM app.users").fetchone()[0]
        result = ingest_table(app, wh, "users")
        assert result.extracted == result.written == users
        assert raw_matches_app(app, wh, "users", "id, is_discoverable, array_to_string(available_equipment::text[], ','), updated_at")
        columns = {r[0] for r in wh.execute("SELECT column_name FROM information_schema.columns WHERE table_schema='raw' AND table_name='users'")}
        assert "is_admin" not in columns
        # Back to incremental: the next run reads only the change log, and writes nothing.
        again = ingest_table(app, wh, "users")
        assert again.written == 0


def test_runs_read_only_what_the_change_log_names(app_db):
    """A quiet rerun reads nothing; an edit reads that row, even from a writer that leaves
    updated_at alone; deleting a person reaches every table through the app's cascades; a
    TRUNCATE, or a last run older than the change log keeps, reads the whole table again."""
    with connect(app_db) as app, connect(app_db) as wh:
        logged = app.execute("""
            SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE t.tgfoid = 'app.log_changes'::regproc GROUP BY c.relname""").fetchall()
        assert dict(logged) == {table: 4 for table in TABLES}  # insert, update, delete, truncate
        first = ingest_table(app, wh, "workout_sets")
        assert first.full and first.extracted == first.written > 0
        quiet = ingest_table(app, wh, "workout_sets")
        assert (quiet.full, quiet.extracted, quiet.written) == (False, 0, 0)
        app.execute("ALTER TABLE app.workout_sets DISABLE TRIGGER trg_workout_sets_updated_at")
        app.execute("UPDATE app.workout_sets SET reps = reps + 1 WHERE id = (SELECT min(id) FROM app.workout_sets WHERE reps IS NOT NULL)")
        app.execute("ALTER TABLE app.workout_sets ENABLE TRIGGER trg_workout_sets_updated_at")
        edited = ingest_table(app, wh, "workout_sets")
        assert (edited.extracted, edited.written) == (1, 1)
        assert raw_matches_app(app, wh, "workout_sets", "id, reps")

        ingest_all(app, wh)
        person = app.execute("SELECT min(id) FROM app.users WHERE NOT is_admin").fetchone()[0]
        app.execute("DELETE FROM app.users WHERE id = %s", (person,))
        after = ingest_all(app, wh)
        assert not any(r.full for r in after.values()) and after["users"].deleted == 1
        assert after["workout_sets"].deleted > 0 and after["workouts"].deleted > 0
        assert all(raw_matches_app(app, wh, t) for t in TABLES)
        # The deleted person's rows stay in raw for the incremental models to see, then go.
        assert wh.execute("SELECT count(*) FROM raw.workouts WHERE user_id = %s", (person,)).fetchone()[0] > 0
        wh.execute("UPDATE raw.workouts SET _deleted_at = now() - interval '31 days' WHERE user_id = %s", (person,))
        ingest_table(app, wh, "workouts")
        assert wh.execute("SELECT count(*) FROM raw.workouts WHERE user_id = %s", (person,)).fetchone()[0] == 0

        app.execute("TRUNCATE app.recommendation_feedback")
        truncated = ingest_table(app, wh, "recommendation_feedback")
        assert truncated.full and truncated.deleted > 0 and raw_matches_app(app, wh, "recommendation_feedback")
        wh.execute("UPDATE raw._ingest_state SET watermark = watermark - interval '8 days' WHERE table_name = 'users'")
        assert ingest_table(app, wh, "users").full
        assert not ingest_table(app, wh, "users").full


def test_the_weekly_reconciliation_reports_drift(app_db):
    """The full comparison the daily runs no longer make: a row changed behind the change log's
    back shows as drift, and a full ingest repairs it."""
    from dagster import AssetCheckSeverity

    from pipelines.ingest.checks import drift_checks
    from pipelines.resources import Databases

    check = next(c for c in drift_checks if any(k.asset_key.path[-1] == "user_stats" for k in c.check_keys))
    url = app_db.render_as_string(hide_password=False)

    def evaluate():
        return check(databases=Databases(app_url=url, warehouse_url=url))

    with connect(app_db) as app, connect(app_db) as wh:
        ingest_all(app, wh)
        clean = evaluate()
        assert clean.passed and clean.metadata["app_rows"].value > 0
        app.execute("ALTER TABLE app.user_stats DISABLE TRIGGER USER")
        app.execute("UPDATE app.user_stats SET notes = 'drift', updated_at = now() WHERE id = (SELECT min(id) FROM app.user_stats)")
        app.execute("DELETE FROM app.user_stats WHERE id = (SELECT max(id) FROM app.user_stats)")
        app.execute("ALTER TABLE app.user_stats ENABLE TRIGGER USER")
        assert ingest_table(app, wh, "user_stats").written == 0  # the change log never heard of them
        drift = evaluate()
        assert not drift.passed and drift.severity == AssetCheckSeverity.WARN
        assert (drift.metadata["stale_in_raw"].value, drift.metadata["gone_from_app_but_live_in_raw"].value) == (1, 1)
        repaired = ingest_table(app, wh, "user_stats", full=True)
        assert (repaired.written, repaired.deleted) == (1, 1) and evaluate().passed


def test_a_run_killed_halfway_leaves_nothing_half_written(app_db):
    with connect(app_db) as app, connect(app_db) as wh:
        ingest_table(app, wh, "users")
        before = wh.execute("SELECT count(*) FROM raw.users").fetchone()[0]
        app.execute("UPDATE app.users SET height_m = 1.8")

        def crash(_bytes):
            raise KeyboardInterrupt("killed")

        with pytest.raises(KeyboardInterrupt):
            ingest_table(app, wh, "users", on_bytes=crash)
        assert wh.execute("SELECT count(*) FROM raw.users WHERE height_m = 1.8").fetchone()[0] == 0
        assert wh.execute("SELECT count(*) FROM raw.users").fetchone()[0] == before
        with pytest.raises(KeyboardInterrupt):
            ingest_table(app, wh, "workout_sets", on_bytes=crash)
        # Even the table's creation was rolled back with the rest.
        assert wh.execute("SELECT to_regclass('raw.workout_sets') IS NULL").fetchone()[0]
        # The rerun gives what an uninterrupted run gives.
        ingest_all(app, wh)
        assert raw_matches_app(app, wh, "users", "id, height_m, updated_at")
        assert raw_matches_app(app, wh, "workout_sets", "id, weight_kg, reps, updated_at")


def test_late_commits_are_not_lost(app_db):
    with connect(app_db) as app, connect(app_db) as wh, psycopg.connect(libpq_conninfo(app_db)) as slow:
        ingest_all(app, wh)
        # A slow transaction starts first: its updated_at will be its start time...
        slow.execute("UPDATE app.user_stats SET notes = 'late' WHERE id = (SELECT min(id) FROM app.user_stats)")
        # ...while a quicker one commits after it and is ingested, moving the watermark past it.
        app.execute("UPDATE app.user_stats SET notes = 'early' WHERE id = (SELECT max(id) FROM app.user_stats)")
        ingest_table(app, wh, "user_stats")
        slow.commit()
        ingest_table(app, wh, "user_stats")
        notes = dict(wh.execute("SELECT notes, count(*) FROM raw.user_stats WHERE notes IS NOT NULL GROUP BY notes").fetchall())
        assert notes == {"late": 1, "early": 1}


def test_a_separate_warehouse_database(app_db, warehouse_db):
    with connect(app_db) as app, connect(warehouse_db) as wh:
        results = ingest_all(app, wh)
        assert results["exercises"].written == 191
        assert wh.execute("SELECT count(*) FROM raw.workout_sets").fetchone()[0] == app.execute("SELECT count(*) FROM app.workout_sets").fetchone()[0]
        assert wh.execute("SELECT secondary_muscles FROM raw.exercises WHERE name = 'Barbell Back Squat'").fetchone()[0] == ["GLUTES", "CORE"]
        with pytest.raises(ValueError, match="table must be one of"):
            ingest_table(app, wh, "passwords")


def test_overlapping_runs_take_turns_in_the_warehouse(database_url):
    """The sensor, the schedule and a manual run may overlap: a dbt build waits for other runs'
    ingests and the other way round, and one table is never ingested twice at once."""
    import threading

    from pipelines.resources import Databases

    url = database_url.render_as_string(hide_password=False)
    databases = Databases(app_url=url, warehouse_url=url)

    def entered_in_thread(table):
        entered = threading.Event()

        def step():
            with databases.building(table):
                entered.set()

        threading.Thread(target=step, daemon=True).start()
        return entered

    with databases.building("users"):
        with databases.building("workouts"):  # another table beside it: no wait
            build, same_table = entered_in_thread(None), entered_in_thread("users")
            assert not build.wait(1.0) and not same_table.wait(0.1)
    assert build.wait(10) and same_table.wait(10)
    with databases.building():
        ingest = entered_in_thread("sets")
        assert not ingest.wait(1.0)
    assert ingest.wait(10)
