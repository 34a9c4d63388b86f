"""Train the progression model, measure it against its baselines on held-out sessions, log it to
MLflow and register it as `exercise-progression`.

Sequences are each person's top sets on one exercise, in session order. The last `HELDOUT`
sessions of every sequence are held out; each is predicted from the sessions before it. The
model learns from every earlier step. Error: mean absolute difference, in kg, between the weight
a person would be shown (on whole 2.5 kg plate steps: the features do not know the person's unit)
and the actual top-set weight. The model serves only when it beats repeating the last top set
with a 95 % bootstrap interval (over people) of the difference that excludes zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import mlflow
import mlflow.sklearn
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from mlflow.models import infer_signature
from sklearn.ensemble import HistGradientBoostingRegressor

from pipelines.ml.plots import progression_figure
from recsys.evaluation import bootstrap_interval
from recsys.progression import FEATURES, epley_formula, features, heaviest_next, linear_progression, repeat_last, served
from recsys.registry import CHALLENGER, CHAMPION, PROGRESSION_MODEL, ensure_experiment
from recsys.sessions import TopSet, rows_from_frame, top_set_histories

EXPERIMENT = "progression"
HELDOUT = 2
MIN_HISTORY = 3
METHOD = "gradient_boosting"
TREE_PREDICTOR = "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"


@dataclass
class ProgressionOutcome:
    run_id: str
    version: str | None
    mae_kg: dict[str, float]
    predictions: int
    promoted: bool


@dataclass
class Evaluation:
    model: object | None
    mae_kg: dict[str, float]
    predictions: int
    # 95 % interval of (model's served error - repeat-last's error), kg; below zero: the model is better.
    interval_kg: tuple[float, float] | None = None

    @property
    def beats_repeat_last(self) -> bool:
        return self.interval_kg is not None and self.interval_kg[1] < 0


def top_set_sequences(sessions: pd.DataFrame) -> list[tuple[int, list[TopSet]]]:
    """Every person's whole top-set history of every exercise (feat_exercise_sessions rows), with
    the person's id."""
    return [
        (user_id, history)
        for user_id, rows in sorted(rows_from_frame(sessions).items())
        for _, history in sorted(top_set_histories(rows, last=None).items())
    ]


def training_rows(sequences: list[tuple[int, list[TopSet]]]):
    """(x, ratio) to learn from and (x, histories, actual weight, person) held out."""
    learn_x, learn_y, held_x, held_last, held_actual, held_people = [], [], [], [], [], []
    for user_id, sets in sequences:
        if len(sets) < MIN_HISTORY + 1:
            continue
        first_held = max(MIN_HISTORY, len(sets) - HELDOUT)
        for cut in range(MIN_HISTORY, len(sets)):
            row = features(sets[:cut])
            if cut < first_held:
                learn_x.append(row)
                learn_y.append(sets[cut].weight_kg / sets[cut - 1].weight_kg)
            else:
                held_x.append(row)
                held_last.append(sets[:cut])
                held_actual.append(sets[cut].weight_kg)
                held_people.append(user_id)
    reshape = lambda rows: np.array(rows).reshape(-1, len(FEATURES))
    return reshape(learn_x), np.array(learn_y), reshape(held_x), held_last, np.array(held_actual), held_people


def fit_and_evaluate(sessions: pd.DataFrame) -> Evaluation:
    learn_x, learn_y, held_x, held_histories, actual, people = training_rows(top_set_sequences(sessions))
    if len(learn_x) == 0 or len(held_x) == 0:
        return Evaluation(None, {}, 0)
    # Column names travel with the model, so serving and MLflow's signature check name the features.
    learn_x, held_x = pd.DataFrame(learn_x, columns=FEATURES), pd.DataFrame(held_x, columns=FEATURES)
    # The trees cannot bin a feature missing everywhere (nobody logged RPE): it is constant to
    # them, so no split uses it, and a missing value at serving time never reaches one.
    learn_x[[c for c in FEATURES if learn_x[c].isna().all()]] = 0.0
    model = HistGradientBoostingRegressor(loss="absolute_error", max_iter=200, random_state=0).fit(learn_x, learn_y)
    last = np.array([h[-1].weight_kg for h in held_histories])
    shown = np.vectorize(served)
    predicted = {
        # What serving suggests: the bounded step (recsys.progression.heaviest_next), on plates.
        METHOD: shown(np.minimum(model.predict(held_x) * last, [heaviest_next(h) for h in held_histories])),
        "repeat_last": np.array([repeat_last(h) for h in held_histories]),
        "linear_progression": shown([linear_progression(h) for h in held_histories]),
        "epley_formula": shown([epley_formula(h) for h in held_histories]),
    }
    errors = {m: np.abs(p - actual) for m, p in predicted.items()}
    interval = bootstrap_interval(errors[METHOD] - errors["repeat_last"], groups=people)
    return Evaluation(model, {m: float(e.mean()) for m, e in errors.items()}, len(actual), interval)


def train_progression(client: MlflowClient, sessions: pd.DataFrame, artifact_root: str | None) -> ProgressionOutcome:
    experiment_id = ensure_experiment(client, EXPERIMENT, artifact_root)
    evaluation = fit_and_evaluate(sessions)
    model, mae, count = evaluation.model, evaluation.mae_kg, evaluation.predictions
    with mlflow.start_run(experiment_id=experiment_id, run_name="train-progression") as run:
        mlflow.log_params({"heldout_sessions_per_exercise": HELDOUT, "min_history_sessions": MIN_HISTORY, "model": METHOD})
        mlflow.log_metrics({f"mae_kg_{m}": v for m, v in mae.items()} | {"heldout_predictions": count})
        if evaluation.interval_kg is not None:
            low, high = evaluation.interval_kg
            mlflow.log_metrics({"mae_difference_vs_repeat_last_low": low, "mae_difference_vs_repeat_last_high": high})
        if model is None:
            return ProgressionOutcome(run.info.run_id, None, mae, count, False)
        mlflow.log_figure(progression_figure(mae), "progression_mae.png")
        example = pd.DataFrame([features([TopSet(100.0, 5, 8.0), TopSet(102.5, 5, 8.5)])], columns=FEATURES)
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            signature=infer_signature(example, model.predict(example)),
            input_example=example,
            pip_requirements=["mlflow>=3.5,<4", "scikit-learn>=1.5", "numpy>=2", "pandas>=2.2"],
            # Saved with skops (no pickle); the tree nodes are our own model's, written just above.
            skops_trusted_types=[TREE_PREDICTOR],
        )
        version = mlflow.register_model(info.model_uri, PROGRESSION_MODEL)
        # Only a model surely better than repeating the last set serves; otherwise serving repeats it.
        promoted = evaluation.beats_repeat_last
        alias = CHAMPION if promoted else CHALLENGER
        low, high = evaluation.interval_kg
        reason = (
            f"served MAE {mae[METHOD]:.3f} kg against repeat_last's {mae['repeat_last']:.3f} kg; "
            f"difference {mae[METHOD] - mae['repeat_last']:+.3f} kg, 95 % interval [{low:+.3f}, {high:+.3f}]"
        )
        client.set_registered_model_alias(PROGRESSION_MODEL, alias, version.version)
        client.set_model_version_tag(PROGRESSION_MODEL, version.version, "decision_reason", reason)
        mlflow.set_tags({"decision": alias, "decision_reason": reason})
        return ProgressionOutcome(run.info.run_id, str(version.version), mae, count, promoted)
