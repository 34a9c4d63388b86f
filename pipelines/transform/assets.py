"""The dbt models as Dagster assets; dbt tests become asset checks."""

from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipelines.ingest.assets import raw_asset_key
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


def build_dbt_assets(project: DbtProject):
    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=PulseDbtTranslator(), name="pulse_dbt")
    def pulse_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, databases: Databases) -> Iterator:
        # Unit tests mock inputs and run in the warehouse; they belong to the test suite
        # (tests/integration/test_pipeline.py runs them), not to every production build.
        with databases.building():
            with warehouse_environment(databases.warehouse_url):  # dbt starts here, reading its profile
                invocation = dbt.cli(dbt_build_args(exclude_unit_tests=True), context=context)
            yield from invocation.stream()
        prune_run_targets(project.project_dir / "target")

    return pulse_dbt_models


def pulse_dbt_assets():
    return build_dbt_assets(dbt_project())
