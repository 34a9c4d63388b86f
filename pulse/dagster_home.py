"""The Dagster instance's home: runs, schedules and sensor state under PULSE_HOME/dagster (SQLite).
Here, not in pipelines/, because the API reads training runs from the same instance."""

import os
from pathlib import Path

from pulse.settings import Settings

DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def ensure_dagster_home(settings: Settings) -> Path:
    """DAGSTER_HOME must be an existing absolute folder, or runs vanish when the process exits."""
    home = settings.pulse_home_dir / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "true")
    return home
