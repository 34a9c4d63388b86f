"""The code location `dagster dev -m pipelines.definitions` loads (`make dagster`).

Importing this module does nothing: Dagster calls `defs` when it loads the location, and only then
are the database URLs resolved (which may start the embedded PostgreSQL) and the dbt manifest built.
"""

from dagster import Definitions, ExecutorDefinition, definitions, in_process_executor, multiprocess_executor
from dagster_dbt import DbtCliResource
from dagster_k8s import k8s_job_executor

from pipelines.automation import (
    daily_schedule,
    everything_job,
    new_app_data_sensor,
    reconcile_job,
    reconcile_schedule,
    train_job,
    train_schedule,
)
from pipelines.ingest.assets import raw_assets
from pipelines.ingest.checks import drift_checks, freshness_checks
from pipelines.ml.assets import MlflowTracking, build_ml_assets
from pipelines.resources import Databases
from pipelines.transform.assets import pulse_dbt_assets
from pipelines.transform.project import DBT_EXECUTABLE, dbt_project, ensure_manifest
from pulse.database import resolve_database_url, resolve_warehouse_url
from pulse.settings import get_settings

# The multiprocess executor re-imports this location per step: slower on 2 cores, the way to use
# a bigger machine's cores; the Kubernetes one runs each step as its own Job (docs/pipeline.md).
EXECUTORS: dict[str, ExecutorDefinition] = {
    "in_process": in_process_executor,
    "multiprocess": multiprocess_executor,
    "k8s": k8s_job_executor,
}


def build_definitions(
    app_url: str, warehouse_url: str, mlflow_tracking: MlflowTracking | None = None, executor: str = "in_process"
) -> Definitions:
    """Every asset, check, job, schedule and sensor, bound to these databases (nothing connects yet)."""
    dbt_facts, dbt_models = pulse_dbt_assets()  # the features the ml assets read are in dbt_models
    return Definitions(
        assets=[*raw_assets, dbt_facts, dbt_models, *build_ml_assets(dbt_models)],
        asset_checks=[*drift_checks, *freshness_checks],
        jobs=[everything_job, train_job, reconcile_job],
        schedules=[daily_schedule, train_schedule, reconcile_schedule],
        sensors=[new_app_data_sensor],
        resources={
            "databases": Databases(app_url=app_url, warehouse_url=warehouse_url),
            "dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
            "mlflow_tracking": mlflow_tracking or MlflowTracking(),
        },
        executor=EXECUTORS[executor],
    )


def definitions_from_settings() -> Definitions:
    """The definitions for the configured (or embedded) databases and MLflow store."""
    ensure_manifest()
    settings = get_settings()
    return build_definitions(
        resolve_database_url(settings).render_as_string(hide_password=False),
        resolve_warehouse_url(settings).render_as_string(hide_password=False),
        MlflowTracking(tracking_uri=settings.mlflow_uri, promotion_margin=settings.promotion_margin),
        settings.dagster_executor,
    )


defs = definitions(definitions_from_settings)
