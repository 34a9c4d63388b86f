"""Train every exercise recommender candidate on one temporal split, log them to MLflow, register
the best as a new version of `exercise-recommender`, and give it the champion alias only if it
beats the current champion on the same holdout by the promotion margin."""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import mlflow
import mlflow.pyfunc
from mlflow import MlflowClient
from mlflow.models import infer_signature

from pipelines.ml.plots import candidate_metrics_figure, loss_curve_figure
from pipelines.ml.promotion import Decision, decide
from recsys.candidates import BASELINES, CANDIDATES
from recsys.dataset import Split
from recsys.evaluation import Metrics, evaluate, evaluate_baselines, timed_fit
from recsys.pyfunc import MODEL_CODE, context_frame, ranked_frame
from recsys.recommenders import Recommender
from recsys.registry import CHALLENGER, CHAMPION, RECOMMENDER_MODEL, ensure_experiment, version_by_alias

EXPERIMENT = "exercise-recommender"
PROMOTION_METRIC = "ndcg_at_10"
PIP_REQUIREMENTS = ["mlflow>=3.5,<4", "numpy>=2", "pandas>=2.2", "torch==2.13.0"]
# The input's integer columns (k, ids inside the JSON) never hold missing values: MLflow's hint
# about them is noise in every training log.
warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer column")


@dataclass
class CandidateResult:
    name: str
    metrics: Metrics
    training_seconds: float
    run_id: str
    real: Metrics | None = None  # over the real (not generated) people held out, when there are any


@dataclass
class TrainingOutcome:
    run_id: str
    version: str
    winner: str
    decision: Decision
    champion_score: float | None
    candidates: list[CandidateResult] = field(default_factory=list)
    real_baselines: dict[str, Metrics] = field(default_factory=dict)

    def table(self) -> list[dict]:
        """One row per candidate, then one per per-lifter baseline (real people only)."""
        rows = []
        for c in self.candidates:
            real = {"real_ndcg_at_10": c.real.ndcg_at_10, "real_people": c.real.evaluated_users} if c.real else {}
            rows.append({"candidate": c.name, **c.metrics.as_dict(), "training_seconds": round(c.training_seconds, 3), **real})
        for name, metrics in self.real_baselines.items():
            rows.append({"candidate": f"{name} (baseline, real people)", "real_ndcg_at_10": metrics.ndcg_at_10, "real_people": metrics.evaluated_users})
        return rows

    @property
    def best_baseline(self) -> CandidateResult:
        return max((c for c in self.candidates if c.name in BASELINES), key=lambda c: c.metrics.ndcg_at_10)


def train_candidates(
    split: Split, candidate_params: dict[str, dict] | None = None, progress: Callable[[str], None] | None = None
) -> list[tuple[Recommender, Metrics, float]]:
    trained = []
    for name, cls in CANDIDATES.items():
        if progress:
            progress(f"training {name}")
        model, seconds = timed_fit(cls(split.catalog, **(candidate_params or {}).get(name, {})), split)
        trained.append((model, evaluate(model, split), seconds))
    return trained


@dataclass(frozen=True)
class Champion:
    """The version serving now, and its score on this run's split (None when it does not load)."""

    version: str | None = None
    score: float | None = None
    load_error: str | None = None


def current_champion(client: MlflowClient, split: Split) -> Champion:
    """The current champion, loaded exactly as serving loads it, scored on this split."""
    version = version_by_alias(client, RECOMMENDER_MODEL, CHAMPION)
    if version is None:
        return Champion()
    try:
        model = mlflow.pyfunc.load_model(f"models:/{RECOMMENDER_MODEL}/{version.version}")
        recommender = model.unwrap_python_model().recommender
    except Exception as error:  # noqa: BLE001 - a champion serving cannot load is no champion to beat
        return Champion(str(version.version), None, f"{type(error).__name__}: {error}")
    return Champion(str(version.version), getattr(evaluate(recommender, split), PROMOTION_METRIC))


def promotion(new_score: float, champion: Champion, margin: float) -> Decision:
    if champion.load_error is not None:
        return Decision(
            CHAMPION,
            f"the champion, version {champion.version}, does not load ({champion.load_error}); {PROMOTION_METRIC} {new_score:.4f}",
        )
    return decide(new_score, champion.score, margin, PROMOTION_METRIC)


def train_exercise_recommender(
    client: MlflowClient,
    split: Split,
    artifact_root: str | None,
    margin: float,
    candidate_params: dict[str, dict] | None = None,
    progress: Callable[[str], None] | None = None,
    real_people: Collection[int] = (),
) -> TrainingOutcome:
    """`real_people`: the people who are not generated; every candidate is also scored over those
    held out, beside the per-lifter baselines (logged as real_* metrics), so a win on generated
    people is never read alone. The promotion metric stays that of everyone held out."""
    experiment_id = ensure_experiment(client, EXPERIMENT, artifact_root)
    real = set(real_people) & set(split.holdout)
    with mlflow.start_run(experiment_id=experiment_id, run_name="train-exercise-recommender") as parent:
        mlflow.log_params(
            {
                "people": len(split.train),
                "evaluated_people": len(split.holdout),
                "catalog_size": len(split.catalog),
                "promotion_metric": PROMOTION_METRIC,
                "promotion_margin": margin,
                "evaluated_real_people": len(real),
            }
        )
        results = []
        trained = train_candidates(split, candidate_params, progress)
        real_baselines = evaluate_baselines(split, real) if real else {}
        for name, metrics in real_baselines.items():
            mlflow.log_metrics({f"real_baseline_{name}_{k}": v for k, v in metrics.as_dict().items()})
        for model, metrics, seconds in trained:
            with mlflow.start_run(experiment_id=experiment_id, run_name=model.name, nested=True) as child:
                mlflow.log_params({"candidate": model.name, **{k: v for k, v in model.params.items() if k != "segments"}})
                mlflow.log_metrics({**metrics.as_dict(), "training_seconds": seconds})
                on_real = evaluate(model, split, people=real) if real else None
                if on_real is not None:
                    mlflow.log_metrics({f"real_{k}": v for k, v in on_real.as_dict().items()})
                results.append(CandidateResult(model.name, metrics, seconds, child.info.run_id, on_real))
        mlflow.log_figure(candidate_metrics_figure([(r.name, r.metrics) for r in results]), "candidate_metrics.png")
        for model, _, _ in trained:
            if getattr(model, "losses", None):
                mlflow.log_figure(loss_curve_figure(model.losses, model.name), f"{model.name}_training_loss.png")

        best_model, best_metrics, _ = max(trained, key=lambda t: getattr(t[1], PROMOTION_METRIC))
        champion = current_champion(client, split)
        decision = promotion(getattr(best_metrics, PROMOTION_METRIC), champion, margin)
        mlflow.log_metrics({f"winner_{k}": v for k, v in best_metrics.as_dict().items()})
        if champion.score is not None:
            mlflow.log_metric(f"champion_{PROMOTION_METRIC}", champion.score)
        mlflow.set_tags({"winner": best_model.name, "decision": decision.alias, "decision_reason": decision.reason})

        version = _log_and_register(best_model, split)
        client.set_registered_model_alias(RECOMMENDER_MODEL, decision.alias, version.version)
        if decision.promoted and champion.score is not None:
            # The champion it replaced stays one step away, ready to take the alias back.
            client.set_registered_model_alias(RECOMMENDER_MODEL, CHALLENGER, champion.version)
        client.set_model_version_tag(RECOMMENDER_MODEL, version.version, "candidate", best_model.name)
        client.set_model_version_tag(RECOMMENDER_MODEL, version.version, "decision_reason", decision.reason)
        for key, value in best_metrics.as_dict().items():
            client.set_model_version_tag(RECOMMENDER_MODEL, version.version, key, f"{value:.4f}")
        winner = next(r for r in results if r.name == best_model.name)
        if winner.real is not None:
            client.set_model_version_tag(RECOMMENDER_MODEL, version.version, "real_ndcg_at_10", f"{winner.real.ndcg_at_10:.4f}")
            best = max(real_baselines.items(), key=lambda item: item[1].ndcg_at_10)
            client.set_model_version_tag(RECOMMENDER_MODEL, version.version, "real_best_baseline", f"{best[0]} {best[1].ndcg_at_10:.4f}")
        return TrainingOutcome(parent.info.run_id, str(version.version), best_model.name, decision, champion.score, results, real_baselines)


def _log_and_register(model: Recommender, split: Split):
    example_contexts = [split.train[u] for u in split.evaluation_users()[:2]] or list(split.train.values())[:1]
    example = context_frame(example_contexts)
    with tempfile.TemporaryDirectory() as scratch:
        saved = model.save(Path(scratch) / "recommender")
        signature = infer_signature(example, ranked_frame(model, example))
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=str(MODEL_CODE / "exercise_recommender.py"),
            artifacts={"recommender": str(saved)},
            signature=signature,
            input_example=example,
            pip_requirements=PIP_REQUIREMENTS,
        )
    return mlflow.register_model(info.model_uri, RECOMMENDER_MODEL)
