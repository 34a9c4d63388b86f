"""Schema migrations of the app database (Alembic; the scripts live in api/migrations)."""

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

from pulse.settings import REPO_ROOT


def alembic_config(url: URL) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    # configparser reads '%' as interpolation: escape it (passwords may contain one).
    config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def migrate(url: URL, revision: str = "head") -> None:
    """Upgrade the schema at `url` to `revision`."""
    command.upgrade(alembic_config(url), revision)


def rollback(url: URL, steps: int = 1) -> None:
    """Undo the last `steps` migrations."""
    command.downgrade(alembic_config(url), f"-{steps}")
