"""The dbt models as Dagster assets; dbt tests become asset checks.

Two groups of assets, two dbt invocations: the facts (fct_sets, fct_workouts) and the views they
read are partitioned by day like the ingest; everything after them is not.
"""

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition, AssetSpec, BackfillPolicy
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipelines.ingest.assets import raw_asset_key
from pipelines.partitions import DAILY, rebuild_window
from pipelines.resources import Databases
from pipelines.transform.project import dbt_build_args, dbt_project, prune_run_targets, warehouse_environment


class PulseDbtTranslator(DagsterDbtTranslator):
    """dbt sources are the ingest assets (raw/<table>); models are grouped by layer folder."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        source = manifest.get("sources", {}).get(unique_id)
        if source is not None:
            return spec.replace_attributes(key=raw_asset_key(source["name"]))
        fqn = manifest.get("nodes", {}).get(unique_id, {}).get("fqn", [])
        # fqn is [project, folder, ..., name]: the first folder is the layer (staging, marts, ...).
        return spec.replace_attributes(group_name=fqn[1]) if len(fqn) > 2 else spec


# The daily-partitioned part of the project: the facts and every model upstream of them.
FACTS = "+fct_sets +fct_workouts"
# A newest-day run tests the rows loaded in this window (dbt/macros/test_window.sql): a day and a
# bit, so that the daily schedule's run covers everything since the one before.
TEST_WINDOW = timedelta(hours=30)


def _dbt_build(context: AssetExecutionContext, dbt: DbtCliResource, databases: Databases, project: DbtProject) -> Iterator:
    window = rebuild_window(context.run.tags)
    if window is None:
        dbt_vars = {"test_loaded_after": (datetime.now(UTC) - TEST_WINDOW).isoformat()}
    else:  # a backfill: the workouts completed on those days are rebuilt too, and every row is tested
        dbt_vars = {"rebuild_from": window[0].isoformat(), "rebuild_until": window[1].isoformat()}
    # Unit tests mock inputs and run in the warehouse; they belong to the test suite
    # (tests/integration/test_pipeline.py runs them), not to every production build.
    args = [*dbt_build_args(exclude_unit_tests=True), "--vars", json.dumps(dbt_vars)]
    with databases.building():
        with warehouse_environment(databases.warehouse_url):  # dbt starts here, reading its profile
            invocation = dbt.cli(args, context=context)
        yield from invocation.stream()
    prune_run_targets(project.project_dir / "target")


def build_dbt_assets(project: DbtProject) -> tuple[AssetsDefinition, AssetsDefinition]:
    translator = PulseDbtTranslator()

    @dbt_assets(
        manifest=project.manifest_path, project=project, dagster_dbt_translator=translator, name="pulse_dbt_facts", select=FACTS,
        partitions_def=DAILY, backfill_policy=BackfillPolicy.single_run(),
    )
    def pulse_dbt_facts(context: AssetExecutionContext, dbt: DbtCliResource, databases: Databases) -> Iterator:
        yield from _dbt_build(context, dbt, databases, project)

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator, name="pulse_dbt", exclude=FACTS)
    def pulse_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, databases: Databases) -> Iterator:
        yield from _dbt_build(context, dbt, databases, project)

    return pulse_dbt_facts, pulse_dbt_models


def pulse_dbt_assets() -> tuple[AssetsDefinition, AssetsDefinition]:
    return build_dbt_assets(dbt_project())
