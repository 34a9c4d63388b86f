"""One Dagster asset per app table: raw/<table> in the warehouse, extracted incrementally."""

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, BackfillPolicy, Config, MaterializeResult, MetadataValue, asset

from pipelines.ingest.extract import RAW_SCHEMA, TABLES, ingest_table
from pipelines.partitions import DAILY, rebuild_window
from pipelines.resources import Databases

INGEST_GROUP = "ingest"


def raw_asset_key(table: str) -> AssetKey:
    return AssetKey([RAW_SCHEMA, table])


class IngestConfig(Config):
    full: bool = False  # read the whole app table instead of its logged changes (after drift)


def _raw_table_asset(table: str) -> AssetsDefinition:
    @asset(
        key=raw_asset_key(table),
        group_name=INGEST_GROUP,
        kinds={"postgres"},
        partitions_def=DAILY,
        # A backfill over many days is one run: one re-read of the rows updated in the range.
        backfill_policy=BackfillPolicy.single_run(),
        description=f"app.{table} copied into {RAW_SCHEMA}.{table}: the rows the app's change log names since "
        "the last run, idempotent, with rows deleted in the app kept and marked by _deleted_at. A run over "
        "earlier days also reads again the rows updated on them.",
    )
    def raw_table(context: AssetExecutionContext, config: IngestConfig, databases: Databases) -> MaterializeResult:
        copied = 0

        def on_bytes(n: int) -> None:
            nonlocal copied
            copied += n

        with databases.building(table), databases.connect_app() as app, databases.connect_warehouse() as warehouse:
            result = ingest_table(app, warehouse, table, on_bytes=on_bytes, full=config.full, reread=rebuild_window(context.run.tags))
        context.log.info(
            f"{RAW_SCHEMA}.{table}: {result.extracted} rows read, {result.written} written, "
            f"{result.deleted} marked deleted ({copied / 1e6:.1f} MB streamed, {'whole table' if result.full else 'changes only'})"
        )
        return MaterializeResult(
            metadata={
                "rows_extracted": result.extracted,
                "rows_written": result.written,
                "rows_deleted": result.deleted,
                "watermark": MetadataValue.text(result.watermark or "none"),
                "bytes_streamed": copied,
                "whole_table_read": result.full,
            }
        )

    return raw_table


raw_assets = [_raw_table_asset(table) for table in TABLES]
