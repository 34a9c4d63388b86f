"""The Dagster instance's home: runs, schedules and sensor state under PULSE_HOME/dagster (SQLite),
or in PostgreSQL when DAGSTER_POSTGRES_URL is set (the compose stack and Kubernetes, where the
webserver, the daemon and the API share one instance). Here, not in pipelines/, because the API
reads training runs from the same instance."""

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from pulse.settings import Settings

DAGSTER_YAML = "telemetry:\n  enabled: false\n"
# dagster-postgres reads the URL from the environment when the instance loads (no secret on disk),
# in the form its driver needs: psycopg 2, whatever driver DAGSTER_POSTGRES_URL names.
STORAGE_URL_VARIABLE = "PULSE_DAGSTER_STORAGE_URL"
POSTGRES_STORAGE_YAML = f"storage:\n  postgres:\n    postgres_url:\n      env: {STORAGE_URL_VARIABLE}\n"


def ensure_dagster_home(settings: Settings) -> Path:
    """DAGSTER_HOME must be an existing absolute folder, or runs vanish when the process exits."""
    home = settings.pulse_home_dir / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = DAGSTER_YAML
    if settings.dagster_postgres_url:
        wanted += POSTGRES_STORAGE_YAML
        storage = make_url(settings.dagster_postgres_url).set(drivername="postgresql+psycopg2")
        os.environ[STORAGE_URL_VARIABLE] = storage.render_as_string(hide_password=False)
    if not config.exists() or config.read_text() != wanted:
        config.write_text(wanted)
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "true")
    return home
