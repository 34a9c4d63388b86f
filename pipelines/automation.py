"""When the pipeline runs: daily, and whenever new app data has arrived."""

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    sensor,
)
from psycopg import sql

from pipelines.ingest.extract import APP_SCHEMA, TABLES
from pipelines.ml.assets import ML_GROUP
from pipelines.resources import Databases

everything_job = define_asset_job(
    "pulse_everything",
    selection=AssetSelection.all() - AssetSelection.groups(ML_GROUP),
    description="Ingest the app tables, then build every dbt model and test.",
)
# Training reads the features the data job built; POST /models/train starts it too.
train_job = define_asset_job(
    "train_recommenders",
    selection=AssetSelection.groups(ML_GROUP),
    description="Train, evaluate and register the recommenders; promote a champion that beats the current one.",
)
train_schedule = ScheduleDefinition(
    name="train_daily", job=train_job, cron_schedule="0 4 * * *", execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
)
daily_schedule = ScheduleDefinition(
    name="pulse_daily", job=everything_job, cron_schedule="0 3 * * *", execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
)


def newest_app_change(databases: Databases):
    """The latest updated_at over every app table (each has an index on it)."""
    union = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT max(updated_at) AS t FROM {}.{}").format(sql.Identifier(APP_SCHEMA), sql.Identifier(table)) for table in TABLES
    )
    with databases.connect_app() as app:
        return app.execute(sql.SQL("SELECT max(t) FROM ({}) changes").format(union)).fetchone()[0]


@sensor(job=everything_job, minimum_interval_seconds=120, default_status=DefaultSensorStatus.RUNNING)
def new_app_data_sensor(context: SensorEvaluationContext, databases: Databases):
    """Start a run when any app table changed since the last run this sensor started."""
    newest = newest_app_change(databases)
    if newest is None:
        return SkipReason("the app database is empty")
    marker = newest.isoformat()
    if context.cursor == marker:
        return SkipReason(f"no app changes since {marker}")
    context.update_cursor(marker)
    return RunRequest(run_key=marker)
