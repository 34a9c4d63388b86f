"""Reading the feature tables the models train on (dbt's `features` schema in the warehouse)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import create_engine

from pulse.database import sqlalchemy_url
from recsys.dataset import Catalog

FEATURES = "features"


@dataclass
class FeatureFrames:
    sessions: pd.DataFrame  # feat_exercise_sessions
    profiles: pd.DataFrame  # feat_user_profile
    interactions: pd.DataFrame  # feat_user_exercise_interactions
    catalog: Catalog  # library exercises (feat_exercises where not is_custom)


def read_features(warehouse_url: str) -> FeatureFrames:
    engine = create_engine(sqlalchemy_url(warehouse_url))
    try:
        with engine.connect() as conn:
            read = lambda query: pd.read_sql_query(query, conn)
            sessions = read(
                # recsys/sessions.py defines what a session holds (a person's custom exercises too).
                f"select user_id, workout_id, exercise_id, completed_at, workout_name, top_set_weight_kg, top_set_reps, top_set_rpe "
                f"from {FEATURES}.feat_exercise_sessions"
            )
            profiles = read(f"select * from {FEATURES}.feat_user_profile order by user_id")
            interactions = read(
                f"select user_id, exercise_id, sessions_count from {FEATURES}.feat_user_exercise_interactions"
            )
            exercise_ids = read(f"select exercise_id from {FEATURES}.feat_exercises where not is_custom order by exercise_id")
    finally:
        engine.dispose()
    library = set(exercise_ids["exercise_id"])
    interactions = interactions[interactions["exercise_id"].isin(library)]
    return FeatureFrames(sessions, profiles, interactions, Catalog(exercise_ids["exercise_id"].to_numpy(np.int64)))
