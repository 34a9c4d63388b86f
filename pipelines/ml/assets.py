"""Training assets (group `ml`): each trains on the feature tables, logs to MLflow, registers a
model version and shows the run, the version and the promotion decision in its metadata."""


from dagster import AssetExecutionContext, AssetsDefinition, ConfigurableResource, MaterializeResult, MetadataValue, asset
from dagster_dbt import get_asset_key_for_model
from mlflow import MlflowClient

from pipelines.ml.data import read_features
from pipelines.ml.moderation import train_moderation
from pipelines.ml.progression import train_progression
from pipelines.ml.recommender import train_exercise_recommender
from pipelines.ml.similar_users import train_similar_users
from pipelines.resources import Databases
from pulse.settings import DEFAULT_MLFLOW_URI
from recsys.dataset import temporal_split
from recsys.registry import artifact_root, connect
from recsys.sessions import contexts_from_frames

ML_GROUP = "ml"


class MlflowTracking(ConfigurableResource):
    """Where runs and registered models go: MlflowClient wrapped in a resource of our own, because
    dagster-mlflow's resource is a legacy one that pins pandas below 3."""

    tracking_uri: str = DEFAULT_MLFLOW_URI
    promotion_margin: float = 0.01
    # Quicker candidates for tests and small demos: {"session_profile_net": {"epochs": 3}}.
    candidate_params: dict[str, dict] = {}

    def client(self) -> MlflowClient:
        return connect(self.tracking_uri)

    def artifact_root(self) -> str | None:
        return artifact_root(self.tracking_uri)


def _run_link(client: MlflowClient, run_id: str) -> MetadataValue:
    return MetadataValue.text(f"{run_id} (experiment {client.get_run(run_id).info.experiment_id})")


def build_ml_assets(dbt_assets: AssetsDefinition) -> list[AssetsDefinition]:
    feature = lambda model: get_asset_key_for_model([dbt_assets], model)

    @asset(
        key=[ML_GROUP, "exercise_recommender"],
        group_name=ML_GROUP,
        kinds={"mlflow", "pytorch"},
        deps=[feature("feat_exercise_sessions"), feature("feat_user_profile"), feature("feat_exercises")],
        description="Trains every candidate on a per-person temporal holdout, registers the best as a new "
        "version of exercise-recommender, and makes it champion only if it beats the champion by the margin.",
    )
    def exercise_recommender(context: AssetExecutionContext, databases: Databases, mlflow_tracking: MlflowTracking):
        client = mlflow_tracking.client()
        frames = read_features(databases.warehouse_url)
        split = temporal_split(contexts_from_frames(frames.sessions, frames.profiles, frames.muscles), frames.catalog)
        context.log.info(f"{len(split.train)} people, {len(split.holdout)} with held-out sessions, {len(split.catalog)} exercises")
        outcome = train_exercise_recommender(
            client,
            split,
            mlflow_tracking.artifact_root(),
            mlflow_tracking.promotion_margin,
            mlflow_tracking.candidate_params,
            progress=context.log.info,
            real_people=set(frames.profiles.loc[~frames.profiles["is_synthetic"].astype(bool), "user_id"].astype(int)),
        )
        context.log.info(f"version {outcome.version} ({outcome.winner}): {outcome.decision.alias}: {outcome.decision.reason}")
        return MaterializeResult(
            metadata={
                "mlflow_run_id": _run_link(client, outcome.run_id),
                "model_version": outcome.version,
                "winner": outcome.winner,
                "alias": outcome.decision.alias,
                "promoted": outcome.decision.promoted,
                "decision_reason": outcome.decision.reason,
                "candidates": MetadataValue.md(_markdown_table(outcome.table())),
            }
        )

    @asset(
        key=[ML_GROUP, "similar_users"],
        group_name=ML_GROUP,
        kinds={"mlflow", "numpy"},
        deps=[feature("feat_user_profile"), feature("feat_user_exercise_interactions")],
        description="Nearest-neighbour index over people's profile and exercise vectors, registered as similar-users@champion.",
    )
    def similar_users(context: AssetExecutionContext, databases: Databases, mlflow_tracking: MlflowTracking):
        client = mlflow_tracking.client()
        outcome = train_similar_users(client, read_features(databases.warehouse_url), mlflow_tracking.artifact_root())
        return MaterializeResult(
            metadata={"mlflow_run_id": _run_link(client, outcome.run_id), "model_version": outcome.version, **outcome.metrics}
        )

    @asset(
        key=[ML_GROUP, "exercise_progression"],
        group_name=ML_GROUP,
        kinds={"mlflow", "sklearn"},
        deps=[feature("feat_exercise_sessions")],
        description="Next-session weight model, compared with repeat-last and linear progression by MAE on held-out "
        "sessions; champion only when it beats the best baseline.",
    )
    def exercise_progression(context: AssetExecutionContext, databases: Databases, mlflow_tracking: MlflowTracking):
        client = mlflow_tracking.client()
        outcome = train_progression(client, read_features(databases.warehouse_url).sessions, mlflow_tracking.artifact_root())
        context.log.info(f"progression MAE (kg): {outcome.mae_kg}")
        return MaterializeResult(
            metadata={
                "mlflow_run_id": _run_link(client, outcome.run_id),
                "model_version": outcome.version or "none",
                "promoted": outcome.promoted,
                "heldout_predictions": outcome.predictions,
                **{f"mae_kg_{k}": v for k, v in outcome.mae_kg.items()},
            }
        )

    @asset(
        key=[ML_GROUP, "text_moderation"],
        group_name=ML_GROUP,
        kinds={"mlflow", "sklearn"},
        description="Comment and profile-text moderation (TF-IDF + logistic regression per label) trained on the project's "
        "labelled texts; precision and recall on held-out phrasing families logged; registered as text-moderation, champion "
        "when it beats the champion's macro F1 by the margin.",
    )
    def text_moderation(context: AssetExecutionContext, mlflow_tracking: MlflowTracking):
        client = mlflow_tracking.client()
        outcome = train_moderation(client, mlflow_tracking.artifact_root(), mlflow_tracking.promotion_margin)
        context.log.info(f"text-moderation version {outcome.version}: {outcome.decision.alias}: {outcome.decision.reason}")
        return MaterializeResult(
            metadata={
                "mlflow_run_id": _run_link(client, outcome.run_id), "model_version": outcome.version, "alias": outcome.decision.alias,
                "promoted": outcome.decision.promoted, "decision_reason": outcome.decision.reason,
                "train_examples": outcome.train_size, "heldout_examples": outcome.heldout_size, **outcome.metrics,
            }
        )

    return [exercise_recommender, similar_users, exercise_progression, text_moderation]


def _markdown_table(rows: list[dict]) -> str:
    if not rows:
        return ""
    header = list(dict.fromkeys(key for row in rows for key in row))  # rows may leave columns out
    cell = lambda v: "" if v is None else f"{v:.4f}" if isinstance(v, float) else str(v)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(cell(row.get(key)) for key in header) + " |")
    return "\n".join(lines)
