"""When the pipeline runs: daily, and whenever new app data has arrived."""

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    build_schedule_from_partitioned_job,
    define_asset_job,
    sensor,
)
from psycopg import sql

from pipelines.ingest.checks import drift_checks
from pipelines.ingest.extract import APP_SCHEMA, CHANGE_LOG
from pipelines.ml.assets import ML_GROUP
from pipelines.partitions import newest_day
from pipelines.resources import Databases

everything_job = define_asset_job(
    "pulse_everything",
    selection=AssetSelection.all() - AssetSelection.groups(ML_GROUP) - AssetSelection.checks(*drift_checks),
    description="Ingest the app tables, then build every dbt model and test. Partitioned by day: a run for the "
    "newest day brings everything up to date; a run over earlier days (a backfill) also re-reads and rebuilds them.",
)
# The whole-table comparison of raw with the app: the daily runs read only the change log.
reconcile_job = define_asset_job(
    "reconcile_raw",
    selection=AssetSelection.checks(*drift_checks),
    description="Compare every raw table with its app table, row by row (ids and updated_at), and report drift.",
)
reconcile_schedule = ScheduleDefinition(
    name="reconcile_weekly", job=reconcile_job, cron_schedule="0 2 * * 0", execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
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
# The newest day's partition at 03:00 UTC (today's, which the new-data sensor also fills as data arrives).
daily_schedule = build_schedule_from_partitioned_job(
    everything_job, name="pulse_daily", hour_of_day=3, default_status=DefaultScheduleStatus.RUNNING,
)


def newest_app_change(databases: Databases) -> int | None:
    """The newest entry of the app's change log (its primary key: one index probe)."""
    with databases.connect_app() as app:
        return app.execute(sql.SQL("SELECT max(id) FROM {}.{}").format(sql.Identifier(APP_SCHEMA), sql.Identifier(CHANGE_LOG))).fetchone()[0]


@sensor(job=everything_job, minimum_interval_seconds=120, default_status=DefaultSensorStatus.RUNNING)
def new_app_data_sensor(context: SensorEvaluationContext, databases: Databases):
    """Start a run when any app table changed since the last run this sensor started."""
    newest = newest_app_change(databases)
    if newest is None:
        return SkipReason("the app database is empty")
    marker = str(newest)
    if context.cursor == marker:
        return SkipReason(f"no app changes since change-log entry {marker}")
    context.update_cursor(marker)
    return RunRequest(run_key=marker, partition_key=newest_day())
