"""`pulse pipeline`: run the Dagster jobs in this process, the Dagster UI, the dbt manifest and docs."""

import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from cli.common import console, database_url
from pulse.dagster_home import ensure_dagster_home
from pulse.settings import get_settings

app = typer.Typer(help="The data pipeline: ingest, dbt, checks, training.", no_args_is_help=True)


@app.command("run")
def pipeline_run(
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="also re-read and rebuild every day from this one (a backfill, in one run)"),
    ] = None,
) -> None:
    """Materialize everything (ingest, dbt models and their tests) for the newest day, which brings
    it all up to date; the run is recorded in the Dagster instance, so the UI shows it too."""
    from pipelines.partitions import run_tags

    try:
        tags = run_tags(since.date() if since else None)
    except ValueError as error:
        console.print(f"[red]--since: {error}[/red]")
        raise typer.Exit(2) from None
    _run_job("pulse_everything", None, tags)


@app.command("train")
def pipeline_train(
    run_id: Annotated[str | None, typer.Option(help="id for the Dagster run (POST /models/train picks one)")] = None,
) -> None:
    """Train, evaluate and register the recommenders from the feature tables (MLflow), and
    promote a champion that beats the current one."""
    _run_job("train_recommenders", run_id)


def _run_job(name: str, run_id: str | None, tags: dict[str, str] | None = None) -> None:
    from dagster import DagsterInstance

    from pipelines.definitions import defs

    ensure_dagster_home(get_settings())
    with console.status("loading the pipeline (parsing the dbt project when it changed)"):
        job = defs().resolve_job_def(name)
    with DagsterInstance.get() as instance:
        # Step starts, finishes and check results as progress, without Dagster's debug chatter.
        quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet, run_id=run_id, tags=tags)
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    if not result.success:
        console.print(f"[red]{name} run {result.run_id} failed[/red] at: {', '.join(failed) or 'see the Dagster UI'}")
        raise typer.Exit(1)
    console.print(f"[green]{name} run {result.run_id} succeeded[/green]")


@app.command("parse")
def pipeline_parse() -> None:
    """Build the dbt manifest (when the dbt project changed since the last parse)."""
    from pipelines.transform.project import ensure_manifest

    console.print(f"dbt manifest: {ensure_manifest()}")


@app.command("docs")
def pipeline_docs(port: Annotated[int, typer.Option(min=1, max=65535)] = 8080) -> None:
    """Generate the dbt docs from the warehouse and serve them on PORT."""
    import subprocess

    from pipelines.transform.project import DBT_DIR, DBT_EXECUTABLE, dbt_env
    from pulse.database import resolve_warehouse_url

    os.environ.update(dbt_env(resolve_warehouse_url(get_settings())))
    dbt = [DBT_EXECUTABLE, "--no-use-colors"]
    where = ["--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    subprocess.run([*dbt, "docs", "generate", *where], check=True)
    console.print(f"[bold]dbt docs[/bold] on http://127.0.0.1:{port}")
    os.execv(DBT_EXECUTABLE, [*dbt, "docs", "serve", "--port", str(port), "--host", "127.0.0.1", "--no-browser", *where])


@app.command("ui")
def pipeline_ui(port: Annotated[int, typer.Option(min=1, max=65535)] = 3000) -> None:
    """Start the Dagster UI (and its daemon, for the schedule and sensor) on PORT."""
    ensure_dagster_home(get_settings())
    os.environ["DATABASE_URL"] = database_url().render_as_string(hide_password=False)
    console.print(f"[bold]Dagster UI[/bold] on http://127.0.0.1:{port}")
    # A job started in the background (make demo) inherits an ignored SIGINT, and dagster dev
    # handles SIGTERM as SIGINT: restore the default, or it would outlive the demo.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The dagster beside this interpreter: the venv's, whatever PATH says.
    dagster = str(Path(sys.executable).with_name("dagster"))
    os.execv(dagster, [dagster, "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(port)])


@app.command("webserver")
def pipeline_webserver(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 3000,
    path_prefix: Annotated[str, typer.Option(help="the prefix a reverse proxy serves the UI under, e.g. /dagster")] = "",
) -> None:
    """The Dagster UI alone, for a deployment whose daemon runs apart (`pulse pipeline daemon`)."""
    ensure_dagster_home(get_settings())
    webserver = str(Path(sys.executable).with_name("dagster-webserver"))
    prefix = ["--path-prefix", path_prefix] if path_prefix else []
    os.execv(webserver, [webserver, "-m", "pipelines.definitions", "-h", host, "-p", str(port), *prefix])


@app.command("daemon")
def pipeline_daemon(
    check: Annotated[bool, typer.Option("--check", help="only say whether a running daemon's heartbeats are recent (exit 0) or not")] = False,
) -> None:
    """The Dagster daemon alone: the schedule, the sensor and the run queue of a deployment."""
    ensure_dagster_home(get_settings())
    daemon = str(Path(sys.executable).with_name("dagster-daemon"))
    os.execv(daemon, [daemon, "liveness-check"] if check else [daemon, "run", "-m", "pipelines.definitions"])
