"""The `pulse` command line: one way to start each part (the Makefile calls these)."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli import db, imports, ml, notify, pipeline, push, serve, users
from cli.common import console, database_url

app = typer.Typer(help="Pulse Fitness: run the API and manage its database.", no_args_is_help=True)
app.add_typer(db.app, name="db")
app.add_typer(serve.app, name="serve")
app.add_typer(pipeline.app, name="pipeline")
app.add_typer(ml.app, name="ml")
app.add_typer(users.app, name="users")
app.add_typer(push.app, name="push")
app.add_typer(notify.app, name="notify")
app.command("import")(imports.import_export)


@app.command("generate")
def generate_people(
    users: Annotated[int, typer.Option(help="how many people")] = 1000,
    days: Annotated[int, typer.Option(help="days of history, ending today")] = 180,
    seed: Annotated[int, typer.Option(help="the same seed gives the same people")] = 1,
    if_missing: Annotated[bool, typer.Option("--if-missing", help="do nothing when this seed was generated before")] = False,
    compare_with: Annotated[
        Path | None, typer.Option("--compare-with", help="a folder of real Strong/Hevy exports: print how the generated people compare")
    ] = None,
) -> None:
    """Fill the app database with realistic synthetic people and their training (all marked
    synthetic: `pulse db purge-synthetic` removes them)."""
    if compare_with is not None and not any(compare_with.glob("*.csv")):
        console.print(f"[red]--compare-with: {compare_with} holds no .csv export[/red]")
        raise typer.Exit(2)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from synthetic import SeedAlreadyGenerated, generate
    from synthetic.plan import validate

    try:
        validate(users, days, seed, None)
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    url = database_url()
    columns = [TextColumn("generating people"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("people", total=max(users, 0))
            counts = generate(url, users=users, days=days, seed=seed, progress=lambda n: bar.advance(task, n))
    except SeedAlreadyGenerated as error:
        if if_missing:
            console.print(f"seed {seed} is already there: nothing to do")
            if compare_with is not None:
                compare_generated_with(url, compare_with)
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
    if compare_with is not None:
        compare_generated_with(url, compare_with)


def compare_generated_with(url, folder: Path) -> None:
    """The figures of synthetic/realism.py for the generated people in the database and the real
    exports in `folder`, as a markdown table (docs/ml.md keeps one)."""
    from sqlalchemy import create_engine

    from api.imports.formats import UnreadableFile
    from synthetic.realism import comparison_table, generated_people, population_figures, real_people

    try:
        real, real_count = population_figures(real_people(folder))
    except UnreadableFile as error:
        console.print(f"[red]--compare-with: {error}[/red]")
        raise typer.Exit(2) from error
    engine = create_engine(url)
    try:
        generated, generated_count = population_figures(generated_people(engine))
    finally:
        engine.dispose()
    print(comparison_table(generated, generated_count, real, real_count))
