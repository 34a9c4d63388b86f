"""Recommendations and their feedback through the whole pipeline on real PostgreSQL: generated
lists and reactions → raw → staging → recommendation_feedback_daily, which agrees with counts
computed in Python from the app tables; private user columns stay in the app."""

from collections import Counter, defaultdict
from datetime import UTC
from decimal import Decimal

import psycopg
import pytest
from conftest import fresh_database
from dagster import DagsterInstance
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.exercises.library import load_library
from pipelines.partitions import run_tags
from pipelines.transform.project import ensure_manifest
from pulse.database import drop_database, libpq_conninfo
from pulse.migrations import migrate
from synthetic import generate

pytestmark = pytest.mark.slow


def query(url, sql, *params):
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def execute(url, sql):
    with psycopg.connect(libpq_conninfo(url), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def pipeline_run(server_url):
    url = fresh_database(server_url, "pulse_test_feedback_pipeline")
    migrate(url)
    engine = create_engine(url)
    with Session(engine) as session:
        load_library(session)
    engine.dispose()
    generate(url, users=20, days=42, seed=21)
    # One admin, whose flag must not travel.
    execute(url, "UPDATE app.users SET is_admin = true WHERE id = (SELECT min(id) FROM app.users)")
    ensure_manifest()
    from pipelines.definitions import build_definitions

    rendered = url.render_as_string(hide_password=False)
    job = build_definitions(rendered, rendered).resolve_job_def("pulse_everything")
    result = job.execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False, tags=run_tags())
    yield url, result
    drop_database(url)


def test_feedback_assets_materialize_and_pass_their_checks(pipeline_run):
    _, result = pipeline_run
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {
        "raw/recommendations", "raw/recommendation_feedback", "staging/stg_app__recommendations",
        "staging/stg_app__recommendation_feedback", "marts/recommendation_feedback_daily",
    } <= materialized
    evaluations = [e for e in result.get_asset_check_evaluations() if "recommendation" in e.asset_key.to_user_string()]
    assert len(evaluations) > 20
    assert [e.check_name for e in evaluations if not e.passed] == []


def test_daily_mart_agrees_with_the_app(pipeline_run):
    url, _ = pipeline_run
    served = query(url, "SELECT id, created_at, model_version FROM app.recommendations")
    reactions = query(url, "SELECT recommendation_id, action::text FROM app.recommendation_feedback")
    assert len(served) > 20 and len(reactions) > len(served)
    by_list = defaultdict(Counter)
    for recommendation_id, action in reactions:
        by_list[recommendation_id][action] += 1
    expected = defaultdict(Counter)
    for recommendation_id, created_at, version in served:
        row = expected[(created_at.astimezone(UTC).date(), version)]
        row["served"] += 1
        row["with_feedback"] += recommendation_id in by_list
        row.update(by_list[recommendation_id])
    mart = query(url, """
        SELECT recommendation_date, model_version, recommendations_count, recommendations_with_feedback_count,
               accepted_count, skipped_count, thumbs_up_count, thumbs_down_count, acceptance_rate, is_fallback
        FROM marts.recommendation_feedback_daily WHERE is_synthetic AND recommendation_kind = 'exercises'
    """)
    assert len(mart) == len(expected)
    for day, version, count, with_feedback, accepted, skipped, up, down, rate, fallback in mart:
        want = expected[(day, version)]
        assert (count, with_feedback, accepted, skipped, up, down) == (
            want["served"], want["with_feedback"], want["accepted"], want["skipped"], want["thumbs_up"], want["thumbs_down"],
        ), (day, version)
        assert fallback == (version is None)
        if accepted + skipped:
            assert rate == round(Decimal(accepted) / (accepted + skipped), 4)
        else:
            assert rate is None


def test_user_settings_arrive_and_admin_rights_stay_home(pipeline_run):
    url, _ = pipeline_run
    columns = {r[0] for r in query(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'users'")}
    assert "is_admin" not in columns and {"available_equipment", "is_discoverable"} <= columns
    app = {(i, d, ",".join(e)) for i, d, e in query(url, "SELECT id, is_discoverable, available_equipment::text[] FROM app.users")}
    raw = {(i, d, ",".join(e)) for i, d, e in query(url, "SELECT id, is_discoverable, available_equipment FROM raw.users")}
    assert raw == app
    dim = set(query(url, "SELECT user_id, is_discoverable FROM marts.dim_users"))
    assert dim == {(i, d) for i, d, _ in app}
    assert any(d for _, d in dim) and not all(d for _, d in dim)
