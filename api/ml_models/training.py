"""Starting the training job from the API and reading its state.

The job runs as its own process (`pulse pipeline train --run-id ...`): training is CPU- and
memory-heavy and must not share the API workers. It is recorded in the Dagster instance under
PULSE_HOME, so the Dagster UI shows the same run."""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from pulse.settings import Settings

# Dagster records a run within seconds of its start; a log this old whose run it never recorded
# belongs to a process that died first.
UNRECORDED_AFTER_S = 600


def _log_path(settings: Settings, run_id: str) -> Path:
    return settings.pulse_home_dir / "training" / f"{run_id}.log"


@dataclass
class TrainingRuns:
    """The training processes this API process started (run id -> process)."""

    processes: dict[str, subprocess.Popen]

    def running(self) -> str | None:
        """A training run this API started that has not finished yet."""
        return next((run_id for run_id, process in self.processes.items() if process.poll() is None), None)

    def start(self, settings: Settings, app_url: str, warehouse_url: str) -> str:
        run_id = str(uuid.uuid4())
        log_path = _log_path(settings, run_id)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": app_url,
            "WAREHOUSE_URL": warehouse_url,
            "MLFLOW_TRACKING_URI": settings.mlflow_uri,
            "PULSE_HOME": str(settings.pulse_home_dir),
        }
        pulse = str(Path(sys.executable).with_name("pulse"))
        with open(log_path, "wb") as log:
            self.processes[run_id] = subprocess.Popen(
                [pulse, "pipeline", "train", "--run-id", run_id], env=env, stdout=log, stderr=subprocess.STDOUT
            )
        return run_id

    def status(self, settings: Settings, run_id: str) -> str | None:
        """Dagster's run status (QUEUED, STARTED, SUCCESS, FAILURE, ...); STARTING before Dagster
        has recorded the run; None for a run this API never started and Dagster does not know.
        Another worker process of this API may have started it: their training logs are shared."""
        from dagster import DagsterInstance

        from pulse.dagster_home import ensure_dagster_home

        with DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
            run = instance.get_run_by_id(run_id)
        if run is not None:
            return run.status.value
        process = self.processes.get(run_id)
        if process is not None:
            return "STARTING" if process.poll() is None else "FAILURE"
        log = _log_path(settings, run_id)
        if not log.exists():
            return None
        return "STARTING" if time.time() - log.stat().st_mtime < UNRECORDED_AFTER_S else "FAILURE"
