"""The Dagster code location loads, with the asset keys, checks and automation the docs name."""

import pytest

from pipelines.transform.project import ensure_manifest

APP_TABLES = (
    "users", "exercises", "friendships", "user_stats", "user_goals", "workouts", "workout_exercises", "workout_sets",
    "recommendations", "recommendation_feedback", "comments", "reactions", "reports", "challenges", "challenge_participants",
)
RAW = {f"raw/{t}" for t in APP_TABLES}
STAGING = {f"staging/stg_app__{t}" for t in APP_TABLES}
INTERMEDIATE = {f"intermediate/{m}" for m in (
    "int_workout_sets_enriched", "int_workout_sessions", "int_user_weeks", "int_user_exercise_interactions", "int_exercise_sessions",
    "int_goal_progress",
)}
MARTS = {f"marts/{m}" for m in (
    "fct_workouts", "fct_sets", "dim_users", "dim_exercises", "weekly_muscle_volume", "personal_records",
    "goal_progress", "retention_cohorts", "exercise_popularity", "training_load_daily", "muscle_load_daily", "recommendation_feedback_daily",
    "challenge_leaderboard", "moderation_daily", "community_daily",
)}
FEATURES = {f"features/{f}" for f in (
    "feat_user_exercise_interactions", "feat_user_profile", "feat_exercises", "feat_user_muscle_recovery", "feat_exercise_sessions",
)}
ML = {"ml/exercise_recommender", "ml/similar_users", "ml/exercise_progression", "ml/text_moderation"}


@pytest.fixture(scope="module")
def repository():
    ensure_manifest()
    from pipelines.definitions import build_definitions

    url = "postgresql://postgres@127.0.0.1:5432/not_connected_at_load"
    return build_definitions(url, url).get_repository_def()


def test_asset_keys_are_the_documented_ones(repository):
    keys = {"/".join(k.path) for k in repository.asset_graph.get_all_asset_keys()}
    assert keys == RAW | STAGING | INTERMEDIATE | MARTS | FEATURES | ML


def test_lineage_runs_from_ingest_to_features(repository):
    graph = repository.asset_graph
    from dagster import AssetKey

    upstream = graph.get(AssetKey(["features", "feat_user_exercise_interactions"])).parent_keys
    seen, frontier = set(), set(upstream)
    while frontier:
        key = frontier.pop()
        seen.add("/".join(key.path))
        frontier |= set(graph.get(key).parent_keys) - {AssetKey(k.split("/")) for k in seen}
    assert {"raw/workout_sets", "staging/stg_app__workout_sets", "intermediate/int_workout_sets_enriched"} <= seen
    feedback = graph.get(AssetKey(["marts", "recommendation_feedback_daily"])).parent_keys
    assert {AssetKey(["staging", "stg_app__recommendations"]), AssetKey(["staging", "stg_app__recommendation_feedback"])} <= feedback
    assert graph.get(AssetKey(["staging", "stg_app__recommendation_feedback"])).parent_keys == {AssetKey(["raw", "recommendation_feedback"])}
    # Training reads the features.
    assert AssetKey(["features", "feat_exercise_sessions"]) in graph.get(AssetKey(["ml", "exercise_recommender"])).parent_keys


def test_checks_schedule_and_sensor(repository):
    checks = {f"{'/'.join(c.asset_key.path)}:{c.name}" for c in repository.asset_graph.asset_check_keys}
    for table in RAW:
        assert f"{table}:matches_app" in checks
    assert any(c.startswith("raw/workouts:") and "fresh" in c for c in checks)
    # dbt tests arrive as checks on the models they test.
    assert any(c.startswith("marts/fct_sets:") for c in checks)
    assert {s.name for s in repository.schedule_defs} == {"pulse_daily", "train_daily", "reconcile_weekly"}
    assert {s.name for s in repository.sensor_defs} == {"new_app_data_sensor"}
    # New app data rebuilds the data; training is its own job, so feedback does not retrain each time.
    data_job = {"/".join(k.path) for k in repository.get_job("pulse_everything").asset_layer.executable_asset_keys}
    train_job = {"/".join(k.path) for k in repository.get_job("train_recommenders").asset_layer.executable_asset_keys}
    assert data_job.isdisjoint(ML) and train_job == ML
    # The whole-table comparison with the app is the weekly job's, not every run's.
    data_checks = {c.name for c in repository.get_job("pulse_everything").asset_layer.asset_graph.asset_check_keys}
    weekly = repository.get_job("reconcile_raw")
    assert "matches_app" not in data_checks and any("fresh" in name for name in data_checks)
    assert {c.name for c in weekly.asset_layer.asset_graph.asset_check_keys} == {"matches_app"}
    assert len(weekly.asset_layer.asset_graph.asset_check_keys) == len(RAW)


def test_the_executor_follows_the_setting():
    """One code location for a laptop, a bigger machine and a cluster (docs/pipeline.md)."""
    from pipelines.definitions import EXECUTORS, build_definitions

    for name in EXECUTORS:
        job = build_definitions("postgresql://pulse@db/pulse", "postgresql://pulse@db/pulse", executor=name).resolve_job_def("pulse_everything")
        assert job.executor_def.name == name
