"""`pulse db`: migrations, the exercise library, the demo account, synthetic rows, the embedded server."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import app_session, console, database_url
from pulse.settings import get_settings

app = typer.Typer(help="The app database: migrations, the exercise library, synthetic data.", no_args_is_help=True)


@app.command("migrate")
def migrate(revision: Annotated[str, typer.Argument(help="target revision")] = "head") -> None:
    """Upgrade the schema (Alembic) to REVISION; create Dagster's database when DAGSTER_POSTGRES_URL names one."""
    from pulse import migrations
    from pulse.database import ensure_database, sqlalchemy_url

    migrations.migrate(database_url(), revision)
    console.print(f"[green]schema at {revision}[/green]")
    if dagster_url := get_settings().dagster_postgres_url:
        # Before the Dagster webserver and daemon start, or both would race to create it.
        ensure_database(sqlalchemy_url(dagster_url))


@app.command("rollback")
def rollback(steps: Annotated[int, typer.Option(min=1, help="how many migrations to undo")] = 1) -> None:
    """Undo the last STEPS migrations."""
    from pulse import migrations

    migrations.rollback(database_url(), steps)
    console.print(f"[yellow]rolled back {steps} migration(s)[/yellow]")


@app.command("reset")
def reset(yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask for confirmation")] = False) -> None:
    """Drop every table of the app schema, migrate again and reload the exercise library."""
    from sqlalchemy import create_engine, text

    url = database_url()
    if not yes and not typer.confirm(f"Delete ALL app data in {url.render_as_string()}?", default=False):
        console.print("nothing changed")
        raise typer.Exit(1)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS app CASCADE"))
    engine.dispose()
    migrate("head")
    seed()


@app.command("seed")
def seed(library: Annotated[Path | None, typer.Option(help="exercise library JSON (default: the shipped one)")] = None) -> None:
    """Load the exercise library (idempotent: a rerun changes nothing)."""
    from pydantic import ValidationError
    from sqlalchemy import text

    from api.exercises.library import LIBRARY_FILE, load_library
    from pulse.database import analyze_sql

    try:
        with app_session() as session:
            counts = load_library(session, library or LIBRARY_FILE)
            session.execute(text(analyze_sql(["exercises"])))
            session.commit()
    except (ValidationError, ValueError, OSError) as error:
        console.print(f"[red]exercise library {library or LIBRARY_FILE} is not valid:[/red] {error}")
        raise typer.Exit(2) from error
    console.print(f"exercise library: {counts['inserted']} added, {counts['updated']} updated, {counts['total']} in all")


@app.command("purge-synthetic")
def purge_synthetic() -> None:
    """Delete every row marked synthetic (made by tests, demos and generators), nothing else."""
    from synthetic.purge import purge

    with app_session() as session:
        counts = purge(session)
    table = Table("table", "rows deleted", title="synthetic data removed")
    for name, count in counts.items():
        table.add_row(name, str(count))
    Console().print(table)


@app.command("url")
def show_url() -> None:
    """Print the database URL the other commands use."""
    typer.echo(database_url().render_as_string(hide_password=True))


@app.command("stop")
def stop() -> None:
    """Stop the embedded PostgreSQL server, if it runs."""
    from pulse.database import embedded_data_dir, stop_embedded_server

    stopped = stop_embedded_server(embedded_data_dir(get_settings()))
    console.print("embedded PostgreSQL stopped" if stopped else "no embedded PostgreSQL was running")


@app.command("demo-data")
def demo_data() -> None:
    """Create the demo accounts (password demo-password): demo@pulse.test with a few weeks of
    training, a friend, and demo-hevy@pulse.test for a real history (`pulse import`)."""
    from synthetic.demo import DEMO_EMAIL, DEMO_PASSWORD, create_demo_user

    with app_session() as session:
        created = create_demo_user(session)
    console.print(f"demo account {'created' if created else 'already there'}: {DEMO_EMAIL} / {DEMO_PASSWORD}")
