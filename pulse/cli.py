"""The `pulse` command line: one way to start each part (the Makefile calls these)."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pulse.settings import REPO_ROOT, get_settings

app = typer.Typer(help="Pulse Fitness: run the API and manage its database.", no_args_is_help=True)
db_app = typer.Typer(help="The app database: migrations, the exercise library, synthetic data.", no_args_is_help=True)
serve_app = typer.Typer(help="Start a service.", no_args_is_help=True)
pipeline_app = typer.Typer(help="The data pipeline: ingest, dbt, checks.", no_args_is_help=True)
ml_app = typer.Typer(help="The recommenders: MLflow UI, example answers.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(serve_app, name="serve")
app.add_typer(pipeline_app, name="pipeline")
app.add_typer(ml_app, name="ml")
console = Console(stderr=True)


def _database_url():
    from pulse.database import resolve_database_url

    with console.status("connecting to the database (starting the embedded server if needed)"):
        return resolve_database_url(get_settings())


def _alembic_config(url):
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    # configparser reads '%' as interpolation: escape it (passwords may contain one).
    config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


@db_app.command("migrate")
def migrate(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """Upgrade the schema (Alembic) to REVISION."""
    from alembic import command

    command.upgrade(_alembic_config(_database_url()), revision)
    console.print(f"[green]schema at {revision}[/green]")


@db_app.command("rollback")
def rollback(steps: Annotated[int, typer.Option(min=1, help="how many migrations to undo")] = 1) -> None:
    """Undo the last STEPS migrations."""
    from alembic import command

    command.downgrade(_alembic_config(_database_url()), f"-{steps}")
    console.print(f"[yellow]rolled back {steps} migration(s)[/yellow]")


@db_app.command("reset")
def reset(yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask for confirmation")] = False) -> None:
    """Drop every table of the app schema, migrate again and reload the exercise library."""
    from sqlalchemy import create_engine, text

    url = _database_url()
    if not yes and not typer.confirm(f"Delete ALL app data in {url.render_as_string()}?", default=False):
        console.print("nothing changed")
        raise typer.Exit(1)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS app CASCADE"))
    engine.dispose()
    migrate("head")
    seed()


@db_app.command("seed")
def seed(library: Annotated[Path | None, typer.Option(help="exercise library JSON (default: the shipped one)")] = None) -> None:
    """Load the exercise library (idempotent: a rerun changes nothing)."""
    from pydantic import ValidationError

    from api.exercises.library import LIBRARY_FILE, load_library

    try:
        with _session() as session:
            counts = load_library(session, library or LIBRARY_FILE)
    except (ValidationError, ValueError, OSError) as error:
        console.print(f"[red]exercise library {library or LIBRARY_FILE} is not valid:[/red] {error}")
        raise typer.Exit(2) from error
    console.print(f"exercise library: {counts['inserted']} added, {counts['updated']} updated, {counts['total']} in all")


@db_app.command("purge-synthetic")
def purge_synthetic() -> None:
    """Delete every row marked synthetic (made by tests, demos and generators), nothing else."""
    from api.synthetic import purge

    with _session() as session:
        counts = purge(session)
    table = Table("table", "rows deleted", title="synthetic data removed")
    for name, count in counts.items():
        table.add_row(name, str(count))
    Console().print(table)


@db_app.command("url")
def show_url() -> None:
    """Print the database URL the other commands use."""
    typer.echo(_database_url().render_as_string(hide_password=True))


@db_app.command("stop")
def stop() -> None:
    """Stop the embedded PostgreSQL server, if it runs."""
    from pulse.database import embedded_data_dir, stop_embedded_server

    stopped = stop_embedded_server(embedded_data_dir(get_settings()))
    console.print("embedded PostgreSQL stopped" if stopped else "no embedded PostgreSQL was running")


@db_app.command("demo-data")
def demo_data() -> None:
    """Create the demo account (demo@pulse.test / demo-password) with a few weeks of training."""
    from api.demo import DEMO_EMAIL, DEMO_PASSWORD, create_demo_user

    with _session() as session:
        created = create_demo_user(session)
    console.print(f"demo account {'created' if created else 'already there'}: {DEMO_EMAIL} / {DEMO_PASSWORD}")


@app.command("generate")
def generate_people(
    users: Annotated[int, typer.Option(help="how many people")] = 1000,
    days: Annotated[int, typer.Option(help="days of history, ending today")] = 180,
    seed: Annotated[int, typer.Option(help="the same seed gives the same people")] = 1,
    if_missing: Annotated[bool, typer.Option("--if-missing", help="do nothing when this seed was generated before")] = False,
) -> None:
    """Fill the app database with realistic synthetic people and their training (all marked
    synthetic: `pulse db purge-synthetic` removes them)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from api.generate import SeedAlreadyGenerated, generate
    from api.generate.plan import validate

    try:
        validate(users, days, seed, None)
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    url = _database_url()
    columns = [TextColumn("generating people"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("people", total=max(users, 0))
            counts = generate(url, users=users, days=days, seed=seed, progress=lambda n: bar.advance(task, n))
    except SeedAlreadyGenerated as error:
        if if_missing:
            console.print(f"seed {seed} is already there: nothing to do")
            return
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    except ValueError as error:  # an empty exercise library
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    table = Table("table", "rows", title=f"generated {users} people over {days} days (seed {seed})")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    Console().print(table)


@serve_app.command("api")
def serve_api(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    reload: Annotated[bool, typer.Option(help="restart on code changes")] = False,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs)."""
    import os

    import uvicorn

    settings = get_settings()
    try:
        settings.check_secret_key()
    except RuntimeError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    # Resolve once here, so the embedded server is up before the first request, and every
    # worker uses the same URL.
    os.environ["DATABASE_URL"] = _database_url().render_as_string(hide_password=False)
    get_settings.cache_clear()
    console.print(f"[bold]Pulse API[/bold] on http://{host}:{port}  -  OpenAPI docs: http://{host}:{port}/docs")
    uvicorn.run("api.main:create_app", factory=True, host=host, port=port, reload=reload, log_level=settings.log_level.lower())


@serve_app.command("ml")
def serve_ml(
    host: Annotated[str, typer.Option(help="interface to listen on (keep it private: the API authorises)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8001,
) -> None:
    """Start the ML service alone (the champion models and /ml/*); point the API at it with ML_SERVICE_URL."""
    import uvicorn

    settings = get_settings()
    console.print(f"[bold]Pulse ML service[/bold] on http://{host}:{port} (models from {settings.mlflow_uri})")
    uvicorn.run("serving.app:create_ml_app", factory=True, host=host, port=port, log_level=settings.log_level.lower())


@ml_app.command("ui")
def ml_ui(port: Annotated[int, typer.Option(min=1, max=65535)] = 5000) -> None:
    """The MLflow UI over the project's store: runs, comparison plots, registered models and aliases."""
    import os
    import sys

    from serving.registry import connect

    settings = get_settings()
    connect(settings)  # creates the SQLite store on a fresh machine
    console.print(f"[bold]MLflow UI[/bold] on http://127.0.0.1:{port} (store {settings.mlflow_uri})")
    mlflow = str(Path(sys.executable).with_name("mlflow"))
    os.execv(mlflow, [mlflow, "ui", "--backend-store-uri", settings.mlflow_uri, "--host", "127.0.0.1", "--port", str(port)])


@ml_app.command("recommend")
def ml_recommend(
    email: Annotated[str, typer.Option(help="whose recommendations")] = "demo@pulse.test",
    k: Annotated[int, typer.Option(min=1, max=50)] = 5,
) -> None:
    """Print what the serving champion recommends to one person (as POST /recommendations/exercises would)."""
    from rich.table import Table

    from api.recommendations.cache import RecommendationCache
    from api.recommendations.schemas import ExercisesRequest
    from api.recommendations.service import recommend_exercises
    from api.users.service import find_by_login
    from serving.client import InProcessBackend
    from serving.holder import ModelHolder

    settings = get_settings()
    holder = ModelHolder(settings)
    holder.refresh()
    with _session() as session:
        person = find_by_login(session, email)
        if person is None:
            console.print(f"[red]no account with email {email}[/red]")
            raise typer.Exit(2)
        answer = recommend_exercises(session, InProcessBackend(holder), RecommendationCache(None, 1), person, ExercisesRequest(k=k))
    model = answer.model
    table = Table("rank", "exercise", "muscle", "equipment", "score", title=f"for {email}: {model.name} version {model.version} ({model.source})")
    for item in answer.items:
        table.add_row(str(item.rank), item.name, item.primary_muscle, item.equipment, f"{item.score:.3f}")
    Console().print(table)


@pipeline_app.command("run")
def pipeline_run() -> None:
    """Materialize everything (ingest, dbt models and their tests) in this process; the run is
    recorded in the Dagster instance, so the UI shows it too."""
    _run_job("pulse_everything", None)


@pipeline_app.command("train")
def pipeline_train(
    run_id: Annotated[str | None, typer.Option(help="id for the Dagster run (POST /models/train picks one)")] = None,
) -> None:
    """Train, evaluate and register the recommenders from the feature tables (MLflow), and
    promote a champion that beats the current one."""
    _run_job("train_recommenders", run_id)


def _run_job(name: str, run_id: str | None) -> None:
    from dagster import DagsterInstance

    from pipelines.instance import ensure_dagster_home
    from pipelines.transform.project import ensure_manifest

    ensure_dagster_home(get_settings())
    with console.status("parsing the dbt project"):
        ensure_manifest()
    from pipelines.definitions import definitions_from_settings

    job = definitions_from_settings().resolve_job_def(name)
    with DagsterInstance.get() as instance:
        # Step starts, finishes and check results as progress, without Dagster's debug chatter.
        quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet, run_id=run_id)
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    if not result.success:
        console.print(f"[red]{name} run {result.run_id} failed[/red] at: {', '.join(failed) or 'see the Dagster UI'}")
        raise typer.Exit(1)
    console.print(f"[green]{name} run {result.run_id} succeeded[/green]")


@pipeline_app.command("parse")
def pipeline_parse() -> None:
    """Build the dbt manifest (when the dbt project changed since the last parse)."""
    from pipelines.transform.project import ensure_manifest

    console.print(f"dbt manifest: {ensure_manifest()}")


@pipeline_app.command("docs")
def pipeline_docs(port: Annotated[int, typer.Option(min=1, max=65535)] = 8080) -> None:
    """Generate the dbt docs from the warehouse and serve them on PORT."""
    import os
    import subprocess

    from pipelines.transform.project import DBT_DIR, DBT_EXECUTABLE, dbt_env
    from pulse.database import resolve_warehouse_url

    os.environ.update(dbt_env(resolve_warehouse_url(get_settings())))
    dbt = [DBT_EXECUTABLE, "--no-use-colors"]
    where = ["--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    subprocess.run([*dbt, "docs", "generate", *where], check=True)
    console.print(f"[bold]dbt docs[/bold] on http://127.0.0.1:{port}")
    os.execv(DBT_EXECUTABLE, [*dbt, "docs", "serve", "--port", str(port), "--host", "127.0.0.1", "--no-browser", *where])


@pipeline_app.command("ui")
def pipeline_ui(port: Annotated[int, typer.Option(min=1, max=65535)] = 3000) -> None:
    """Start the Dagster UI (and its daemon, for the schedule and sensor) on PORT."""
    import os
    import sys

    from pipelines.instance import ensure_dagster_home
    from pipelines.transform.project import ensure_manifest

    ensure_dagster_home(get_settings())
    ensure_manifest()
    os.environ["DATABASE_URL"] = _database_url().render_as_string(hide_password=False)
    console.print(f"[bold]Dagster UI[/bold] on http://127.0.0.1:{port}")
    # The dagster beside this interpreter: the venv's, whatever PATH says.
    dagster = str(Path(sys.executable).with_name("dagster"))
    os.execv(dagster, [dagster, "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(port)])


def _session():
    from sqlalchemy.orm import Session

    from api.core.db import make_engine

    return Session(make_engine(_database_url()))
