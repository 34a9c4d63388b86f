"""`pulse ml`: the MLflow UI and what the serving champion answers."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import app_session, console
from pulse.settings import get_settings

app = typer.Typer(help="The recommenders: MLflow UI, example answers.", no_args_is_help=True)


@app.command("ui")
def ml_ui(port: Annotated[int, typer.Option(min=1, max=65535)] = 5000) -> None:
    """The MLflow UI over the project's store: runs, comparison plots, registered models and aliases."""
    from recsys.registry import connect

    uri = get_settings().mlflow_uri
    connect(uri)  # creates the SQLite store on a fresh machine
    console.print(f"[bold]MLflow UI[/bold] on http://127.0.0.1:{port} (store {uri})")
    mlflow = str(Path(sys.executable).with_name("mlflow"))
    os.execv(mlflow, [mlflow, "ui", "--backend-store-uri", uri, "--host", "127.0.0.1", "--port", str(port)])


@app.command("recommend")
def ml_recommend(
    email: Annotated[str, typer.Option(help="whose recommendations")] = "demo@pulse.test",
    k: Annotated[int, typer.Option(min=1, max=50)] = 5,
) -> None:
    """Print what the serving champion recommends to one person (as POST /recommendations/exercises would)."""
    from api.recommendations.cache import RecommendationCache
    from api.recommendations.schemas import ExercisesRequest
    from api.recommendations.service import recommend_exercises
    from api.users.service import find_by_login
    from serving.client import InProcessBackend
    from serving.holder import ModelHolder

    holder = ModelHolder(get_settings())
    holder.refresh()
    with app_session() as session:
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
