"""The MLflow side shared by training and serving: the registered models and their aliases, where
the store is, and experiments with an explicit artifact location. MLflow itself is imported only
when a function needs it, so the names cost nothing to import (the generator uses them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlflow import MlflowClient

RECOMMENDER_MODEL = "exercise-recommender"
SIMILAR_USERS_MODEL = "similar-users"
PROGRESSION_MODEL = "exercise-progression"
MODERATION_MODEL = "text-moderation"
# Serving loads @champion; the previous champion, or a model that did not beat it, is @challenger.
CHAMPION, CHALLENGER = "champion", "challenger"
SQLITE = "sqlite:///"


def connect(tracking_uri: str) -> MlflowClient:
    """Point this process's MLflow at the store (creating a SQLite store's folder)."""
    import mlflow

    # MLflow's usage telemetry stays off, as Dagster's does.
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    # A tracking server that does not answer should cost seconds, not MLflow's default minutes of retries.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "5")
    if tracking_uri.startswith(SQLITE):
        os.makedirs(os.path.dirname(tracking_uri.removeprefix(SQLITE)), exist_ok=True)
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    return mlflow.MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def store_exists(tracking_uri: str) -> bool:
    """False only for a SQLite store whose file is not there yet, which therefore holds no model:
    serving can say so without importing MLflow (a tenth of a second and ~100 MB per process)."""
    return not tracking_uri.startswith(SQLITE) or Path(tracking_uri.removeprefix(SQLITE)).exists()


def artifact_root(tracking_uri: str) -> str | None:
    """Where new experiments keep artifacts: beside a SQLite store; a tracking server decides itself."""
    if not tracking_uri.startswith(SQLITE):
        return None
    return (Path(tracking_uri.removeprefix(SQLITE)).parent / "artifacts").as_uri()


def ensure_experiment(client: MlflowClient, name: str, artifact_root: str | None) -> str:
    experiment = client.get_experiment_by_name(name)
    if experiment is not None:
        return experiment.experiment_id
    location = f"{artifact_root}/{name}" if artifact_root else None
    return client.create_experiment(name, artifact_location=location)


# What MLflow answers when the registered model, or the alias on it, does not exist (yet).
NOT_FOUND = {"RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE"}


def version_by_alias(client: MlflowClient, model_name: str, alias: str):
    """The ModelVersion holding `alias`, or None when the model or the alias does not exist;
    any other failure (an unreachable server) is raised."""
    from mlflow.exceptions import MlflowException

    try:
        return client.get_model_version_by_alias(model_name, alias)
    except MlflowException as error:
        if error.error_code in NOT_FOUND:
            return None
        raise
