"""The Dagster code location: ingest of the app tables, the dbt project, checks and schedules."""
