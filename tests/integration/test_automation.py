"""The new-data sensor, and the `pulse pipeline run` and `pulse pipeline ui` commands, against real databases."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
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
    assert isinstance(after, RunRequest) and int(new_cursor) > int(cursor) and after.run_key == new_cursor


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
        too_early = runner.invoke(cli.app, ["pipeline", "run", "--since", "1999-01-01"])
        assert too_early.exit_code == 2 and "since must be between 2020-01-01" in too_early.output
        since = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
        backfill = runner.invoke(cli.app, ["pipeline", "run", "--since", since])
        assert backfill.exit_code == 0, backfill.output
        with DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
            runs = instance.get_runs()  # newest first
            assert len(runs) == 2 and {r.job_name for r in runs} == {"pulse_everything"} and all(r.is_success for r in runs)
            assert runs[1].tags["dagster/partition"] == datetime.now(UTC).date().isoformat()
            assert runs[0].tags["dagster/asset_partition_range_start"] == since
    finally:
        get_settings.cache_clear()
        drop_database(url)


@pytest.mark.slow
def test_the_dagster_ui_started_in_the_background_stops_on_sigterm(database_url, tmp_path):
    """As `make demo` runs it: in the background of a shell (SIGINT ignored), stopped by the
    recipe's `kill` (SIGTERM). It loads the code location on the way, and leaves nothing behind."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pulse = Path(sys.executable).with_name("pulse")
    env = {**os.environ, "DATABASE_URL": database_url.render_as_string(hide_password=False), "PULSE_HOME": str(tmp_path)}
    env.pop("DAGSTER_HOME", None)
    shell = subprocess.Popen(["sh", "-c", f"{pulse} pipeline ui --port {port} > {tmp_path}/ui.log 2>&1 & echo $!; wait"],
                             env=env, stdout=subprocess.PIPE, text=True, start_new_session=True)
    ui = int(shell.stdout.readline())
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not locations_loaded(port):
            time.sleep(1)
        assert locations_loaded(port), (tmp_path / "ui.log").read_text()[-2000:]
        os.kill(ui, signal.SIGTERM)
        shell.wait(timeout=60)
    finally:
        if shell.poll() is None:  # it did not stop: clean up before failing
            os.killpg(shell.pid, signal.SIGKILL)
    assert not any(f"-p {port}" in line or f"--port {port}" in line for line in running_commands())


def locations_loaded(port: int) -> bool:
    """The UI answers and its code location loaded without error."""
    query = "{ workspaceOrError { ... on Workspace { locationEntries { locationOrLoadError { __typename } } } } }"
    try:
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": query}, timeout=5).json()
    except httpx.HTTPError:
        return False
    entries = answer["data"]["workspaceOrError"].get("locationEntries", [])
    return bool(entries) and all(e["locationOrLoadError"]["__typename"] == "RepositoryLocation" for e in entries)


def running_commands() -> list[str]:
    commands = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            commands.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return commands
