"""The Dagster code location: ingest of the app tables, the dbt project, training, checks and schedules."""
