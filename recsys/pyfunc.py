"""MLflow pyfunc wrappers: how the recommenders are logged, registered and loaded.

The wrapped object is saved as plain files (see `recsys.recommenders`), handed to MLflow as an
artifact, and rebuilt in `load_context`; `python_model` itself carries no state.
"""

from __future__ import annotations

import json
from pathlib import Path

import mlflow.pyfunc
import pandas as pd

from recsys.ranking import top_k
from recsys.sessions import UserContext

# Logged as "models from code": MLflow stores these files, not a pickle of the wrapper.
MODEL_CODE = Path(__file__).parent / "model_code"


def context_frame(contexts: list[UserContext], k: int = 10) -> pd.DataFrame:
    """The pyfunc input: one row per person; history_json is a JSON list of sessions (lists of
    exercise ids), oldest first; titles_json their titles; next_title the coming session's, or "";
    muscles_json an object of exercise id -> primary muscle group (may be empty)."""
    return pd.DataFrame(
        {
            "fitness_goal": [c.fitness_goal for c in contexts],
            "experience_level": [c.experience_level for c in contexts],
            "history_json": [json.dumps([list(s) for s in c.sessions]) for c in contexts],
            "titles_json": [json.dumps(list(c.titles)) for c in contexts],
            "next_title": [c.next_title or "" for c in contexts],
            "muscles_json": [json.dumps({str(e): m for e, m in c.muscles.items()}) for c in contexts],
            "k": [k] * len(contexts),
        }
    )


def contexts_from_frame(frame: pd.DataFrame) -> list[UserContext]:
    columns = ["fitness_goal", "experience_level", "history_json", "titles_json", "next_title", "muscles_json"]
    return [
        UserContext(
            goal, level, tuple(tuple(int(e) for e in s) for s in json.loads(history)), tuple(json.loads(titles)), next_title or None,
            {int(e): m for e, m in json.loads(muscles).items()},
        )
        for goal, level, history, titles, next_title, muscles in frame[columns].itertuples(index=False)
    ]


def ranked_frame(recommender, model_input: pd.DataFrame) -> pd.DataFrame:
    """The pyfunc output: per row, the JSON list of the k best exercise ids."""
    k = int(model_input["k"].max()) if len(model_input) else 10
    ranked = top_k(recommender.score(contexts_from_frame(model_input)), k)
    ids = recommender.catalog.exercise_ids
    return pd.DataFrame({"exercise_ids": [json.dumps([int(ids[i]) for i in row if i >= 0]) for row in ranked]})


class ExerciseRecommenderModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context) -> None:
        from recsys.candidates import load_recommender

        self.recommender = load_recommender(context.artifacts["recommender"])

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        return ranked_frame(self.recommender, model_input)


class SimilarUsersModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context) -> None:
        from recsys.similar import SimilarUsersIndex

        self.index = SimilarUsersIndex.load(context.artifacts["index"])

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        answers = [self.index.neighbours(int(u), int(k)) for u, k in model_input[["user_id", "k"]].itertuples(index=False)]
        return pd.DataFrame({"neighbours_json": [json.dumps(a) for a in answers]})
