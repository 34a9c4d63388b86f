"""What every command group shares: the console progress goes to, and the app database."""

from rich.console import Console
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from pulse.settings import get_settings

# Progress and messages on stderr; tables a person asked for on stdout.
console = Console(stderr=True)


def database_url() -> URL:
    from pulse.database import resolve_database_url

    with console.status("connecting to the database (starting the embedded server if needed)"):
        return resolve_database_url(get_settings())


def app_session() -> Session:
    from api.core.db import make_engine

    return Session(make_engine(database_url()))
