"""The new-data sensor and the `pulse pipeline run` command against real databases."""

import pytest
from conftest import fresh_database
from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context
from typer.testing import CliRunner

from cli import main as cli
from pipelines.automation import new_app_data_sensor
from pipelines.resources import Databases
from pulse.database import drop_database
from pulse.migrations import migrate
from pulse.settings import get_settings


def _tick(url, cursor=None):
    rendered = url.render_as_string(hide_password=False)
    context = build_sensor_context(resources={"databases": Databases(app_url=rendered, warehouse_url=rendered)}, cursor=cursor)
    return new_app_data_sensor(context), context.cursor


def test_sensor_starts_a_run_only_when_app_data_changed(server_url, database_url, make_user):
    empty = fresh_database(server_url, "pulse_test_sensor_empty")
    try:
        migrate(empty)
        assert isinstance(_tick(empty)[0], SkipReason)
    finally:
        drop_database(empty)

    first, cursor = _tick(database_url)
    assert isinstance(first, RunRequest) and cursor
    again, same_cursor = _tick(database_url, cursor)
    assert isinstance(again, SkipReason) and same_cursor == cursor
    make_user("newcomer")
    after, new_cursor = _tick(database_url, cursor)
    assert isinstance(after, RunRequest) and new_cursor > cursor and after.run_key == new_cursor


@pytest.mark.slow
def test_pipeline_run_from_the_command_line(server_url, monkeypatch, tmp_path):
    url = fresh_database(server_url, "pulse_test_cli_pipeline")
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    monkeypatch.setenv("PULSE_HOME", str(tmp_path))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        for args in (["db", "migrate"], ["db", "seed"], ["generate", "--users", "3", "--days", "14", "--seed", "4"]):
            assert runner.invoke(cli.app, args).exit_code == 0
        result = runner.invoke(cli.app, ["pipeline", "run"])
        assert result.exit_code == 0, result.output
        assert "succeeded" in result.output
        with DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
            runs = instance.get_runs()
            assert len(runs) == 1 and runs[0].job_name == "pulse_everything" and runs[0].is_success
    finally:
        get_settings.cache_clear()
        drop_database(url)
