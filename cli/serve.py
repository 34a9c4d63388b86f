"""`pulse serve`: the HTTP API (and the app), or the ML service alone."""

import os
import tempfile
from typing import Annotated

import typer

from cli.common import console, database_url
from pulse.observability import logging_config
from pulse.settings import get_settings

app = typer.Typer(help="Start a service.", no_args_is_help=True)


@app.command("api")
def serve_api(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    reload: Annotated[bool, typer.Option(help="restart on code changes")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="processes serving requests (one is enough for a laptop; about one per core)")] = 1,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    if reload and workers > 1:
        console.print("[red]--reload runs one process: leave out --workers[/red]")
        raise typer.Exit(2)

    settings = get_settings()
    try:
        settings.check_secret_key()
    except RuntimeError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    # Resolve once here, so the embedded server is up before the first request, and every
    # worker uses the same URL.
    os.environ["DATABASE_URL"] = database_url().render_as_string(hide_password=False)
    get_settings.cache_clear()
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker counts its requests in files here, and /metrics adds them up (any worker answers).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pulse-metrics-")
    console.print(f"[bold]Pulse API[/bold] on http://{host}:{port}  -  OpenAPI docs: http://{host}:{port}/docs")
    uvicorn.run(
        "api.main:create_app", factory=True, host=host, port=port, reload=reload, workers=workers,
        log_config=logging_config(settings.log_level), access_log=False,
        proxy_headers=bool(settings.trusted_proxies), forwarded_allow_ips=settings.trusted_proxies or None,
    )


@app.command("ml")
def serve_ml(
    host: Annotated[str, typer.Option(help="interface to listen on (keep it private: the API authorises)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8001,
    reload: Annotated[bool, typer.Option(help="restart on code changes")] = False,
) -> None:
    """Start the ML service alone (the champion models and /ml/*); point the API at it with ML_SERVICE_URL."""
    import uvicorn

    settings = get_settings()
    console.print(f"[bold]Pulse ML service[/bold] on http://{host}:{port} (models from {settings.mlflow_uri})")
    uvicorn.run(
        "serving.app:create_ml_app", factory=True, host=host, port=port, reload=reload,
        log_config=logging_config(settings.log_level), access_log=False,
    )
