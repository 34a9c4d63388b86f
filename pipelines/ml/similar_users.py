"""Build the similar-users index from the feature tables, log it to MLflow and register it.

There is no holdout to compare neighbours on, so every new index becomes the champion; its
quality signals (how often neighbours share a goal, how close they are) are logged to watch."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from mlflow.models import infer_signature

from pipelines.ml.data import FeatureFrames
from recsys.pyfunc import MODEL_CODE
from recsys.registry import CHAMPION, SIMILAR_USERS_MODEL, ensure_experiment
from recsys.similar import SimilarUsersIndex

EXPERIMENT = "similar-users"
NEIGHBOURS = 10


@dataclass
class SimilarUsersOutcome:
    run_id: str
    version: str
    metrics: dict[str, float]


def neighbour_quality(index: SimilarUsersIndex, profiles: pd.DataFrame, k: int = NEIGHBOURS) -> dict[str, float]:
    goal = dict(zip(profiles["user_id"], profiles["fitness_goal"], strict=True))
    agreement, similarity = [], []
    for user_id in index.user_ids:
        found = index.neighbours(int(user_id), k)
        if found:
            agreement.append(np.mean([goal.get(n) == goal.get(int(user_id)) for n, _ in found]))
            similarity.append(np.mean([s for _, s in found]))
    return {
        "people_indexed": float(len(index.user_ids)),
        "neighbour_goal_agreement_at_10": float(np.mean(agreement)) if agreement else 0.0,
        "mean_similarity_at_10": float(np.mean(similarity)) if similarity else 0.0,
    }


def train_similar_users(client: MlflowClient, frames: FeatureFrames, artifact_root: str | None) -> SimilarUsersOutcome:
    experiment_id = ensure_experiment(client, EXPERIMENT, artifact_root)
    index = SimilarUsersIndex.fit(frames.profiles, frames.interactions)
    metrics = neighbour_quality(index, frames.profiles)
    with mlflow.start_run(experiment_id=experiment_id, run_name="build-similar-users") as run:
        mlflow.log_params({"neighbours_metric": "cosine", "blocks": "profile, tf-idf exercise sessions"})
        mlflow.log_metrics(metrics)
        example = pd.DataFrame({"user_id": index.user_ids[:2].astype(np.int64), "k": [NEIGHBOURS] * min(2, len(index.user_ids))})
        with tempfile.TemporaryDirectory() as scratch:
            saved = index.save(Path(scratch) / "index")
            answers = pd.DataFrame({"neighbours_json": [json.dumps(index.neighbours(int(u), NEIGHBOURS)) for u in example["user_id"]]})
            info = mlflow.pyfunc.log_model(
                name="model",
                python_model=str(MODEL_CODE / "similar_users.py"),
                artifacts={"index": str(saved)},
                signature=infer_signature(example, answers),
                input_example=example,
                pip_requirements=["mlflow>=3.5,<4", "numpy>=2", "pandas>=2.2"],
            )
        version = mlflow.register_model(info.model_uri, SIMILAR_USERS_MODEL)
        client.set_registered_model_alias(SIMILAR_USERS_MODEL, CHAMPION, version.version)
        return SimilarUsersOutcome(run.info.run_id, str(version.version), metrics)
