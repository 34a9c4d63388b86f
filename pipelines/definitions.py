"""The code location `dagster dev -m pipelines.definitions` loads (`make dagster`)."""

import os

from dagster import Definitions, in_process_executor
from dagster_dbt import DbtCliResource

from pipelines.automation import daily_schedule, everything_job, new_app_data_sensor
from pipelines.ingest.assets import raw_assets
from pipelines.ingest.checks import freshness_checks, row_count_checks
from pipelines.resources import Databases
from pipelines.transform.assets import pulse_dbt_assets
from pipelines.transform.project import DBT_EXECUTABLE, dbt_env, dbt_project
from pulse.database import resolve_database_url, resolve_warehouse_url
from pulse.settings import get_settings


def build_definitions(app_url: str, warehouse_url: str) -> Definitions:
    # dbt runs as a subprocess and reads the warehouse from these (dbt/profiles.yml).
    os.environ.update(dbt_env(warehouse_url))
    return Definitions(
        assets=[*raw_assets, pulse_dbt_assets()],
        asset_checks=[*row_count_checks, *freshness_checks],
        jobs=[everything_job],
        schedules=[daily_schedule],
        sensors=[new_app_data_sensor],
        resources={
            "databases": Databases(app_url=app_url, warehouse_url=warehouse_url),
            "dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
        },
        # The multiprocess executor re-imports this location per step: slower on 2 cores.
        executor=in_process_executor,
    )


def definitions_from_settings() -> Definitions:
    settings = get_settings()
    return build_definitions(
        resolve_database_url(settings).render_as_string(hide_password=False),
        resolve_warehouse_url(settings).render_as_string(hide_password=False),
    )


defs = definitions_from_settings()
