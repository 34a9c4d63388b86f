"""Train the text-moderation model on the project's labelled texts, measure it on families of
phrasing it never saw, log both to MLflow and register it as `text-moderation`: champion when
there is none or it beats the champion's macro F1 by the margin, challenger otherwise."""

from __future__ import annotations

from dataclasses import dataclass

import mlflow
import mlflow.sklearn
from mlflow import MlflowClient
from mlflow.models import infer_signature

from pipelines.ml.promotion import Decision, decide
from recsys.moderation import HOLD_AT, REJECT_AT, evaluate, fit
from recsys.moderation_data import LABELS, examples, family_split
from recsys.registry import CHAMPION, MODERATION_MODEL, ensure_experiment, version_by_alias

EXPERIMENT = "text-moderation"
METRIC = "macro_f1"


@dataclass
class ModerationOutcome:
    run_id: str
    version: str
    metrics: dict[str, float]
    decision: Decision
    train_size: int
    heldout_size: int


def train_moderation(client: MlflowClient, artifact_root: str | None, margin: float) -> ModerationOutcome:
    experiment_id = ensure_experiment(client, EXPERIMENT, artifact_root)
    train, held = family_split(examples())
    metrics = evaluate(fit(train), held)
    # What serves learns from everything; the numbers logged are the held-out families'.
    model = fit(train + held)
    champion = version_by_alias(client, MODERATION_MODEL, CHAMPION)
    champion_score = client.get_run(champion.run_id).data.metrics.get(METRIC) if champion is not None and champion.run_id else None
    decision = decide(metrics[METRIC], champion_score, margin, METRIC)
    with mlflow.start_run(experiment_id=experiment_id, run_name="train-text-moderation") as run:
        mlflow.log_params({
            "labels": ",".join(LABELS), "features": "tf-idf words 1-2 + chars 2-5", "classifier": "one-vs-rest logistic regression",
            "hold_at": HOLD_AT, "reject_at": REJECT_AT, "split": "held-out phrasing families",
        })
        mlflow.log_metrics(metrics | {"train_examples": len(train), "heldout_examples": len(held)})
        texts = ["great squat session today", "buy cheap pills at example.shop"]
        # No input example: MLflow would check it through pyfunc, which hands the pipeline a data
        # frame instead of texts. Serving loads the sklearn flavour and passes texts.
        info = mlflow.sklearn.log_model(
            model, name="model", serialization_format="skops", signature=infer_signature(texts, model.predict_proba(texts)),
            pip_requirements=["mlflow>=3.5,<4", "scikit-learn>=1.5", "numpy>=2"],
        )
        version = mlflow.register_model(info.model_uri, MODERATION_MODEL)
        client.set_registered_model_alias(MODERATION_MODEL, decision.alias, version.version)
        client.set_model_version_tag(MODERATION_MODEL, version.version, "decision_reason", decision.reason)
        mlflow.set_tags({"decision": decision.alias, "decision_reason": decision.reason})
        return ModerationOutcome(run.info.run_id, str(version.version), metrics, decision, len(train), len(held))
