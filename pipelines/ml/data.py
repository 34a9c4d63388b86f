"""Reading the feature tables the models train on (dbt's `features` schema in the warehouse).

The rows come out of PostgreSQL as one CSV stream (COPY) and polars parses them, with each
column's type taken from the query's own result description: about ten times faster than
building the frame from fetched rows (benchmarks/pipeline_bench.py measures both), and the
same frames (tests/integration/test_feature_reading.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import polars as pl
import psycopg

from pulse.database import libpq_conninfo
from recsys.dataset import Catalog

FEATURES = "features"

# PostgreSQL type oids → how polars reads the CSV text (booleans and instants are parsed after).
_INTEGERS = {20, 21, 23}  # int8, int2, int4
_FLOATS = {700, 701, 1700}  # float4, float8, numeric (the models compute in floats)
_BOOLEAN, _TIMESTAMPTZ = 16, 1184


@dataclass
class FeatureFrames:
    sessions: pd.DataFrame  # feat_exercise_sessions
    profiles: pd.DataFrame  # feat_user_profile
    interactions: pd.DataFrame  # feat_user_exercise_interactions
    catalog: Catalog  # library exercises (feat_exercises where not is_custom)
    muscles: dict[int, str]  # every exercise's primary muscle group, custom ones too


def read_query(conn: psycopg.Connection, query: str) -> pd.DataFrame:
    """A query's rows as a pandas frame: integers as int64 (float64 where a value is null),
    numerics as float64, instants as UTC datetimes, text as objects."""
    columns = conn.execute(f"select * from ({query}) as q limit 0").description
    buffer = io.BytesIO()
    with conn.cursor().copy(f"copy ({query}) to stdout (format csv, header)") as copy:
        for block in copy:
            buffer.write(block)
    as_read = {c.name: pl.Int64 if c.type_code in _INTEGERS else pl.Float64 if c.type_code in _FLOATS else pl.Utf8 for c in columns}
    frame = pl.read_csv(buffer.getvalue(), schema=as_read) if buffer.tell() else pl.DataFrame(schema=as_read)
    frame = frame.with_columns(
        [pl.col(c.name) == "t" for c in columns if c.type_code == _BOOLEAN]
        + [pl.col(c.name).str.to_datetime(time_zone="UTC") for c in columns if c.type_code == _TIMESTAMPTZ]
    )
    return frame.to_pandas()


# What training reads, one query per frame.
FEATURE_QUERIES = {
    # recsys/sessions.py defines what a session holds (a person's custom exercises too).
    "sessions": f"select user_id, workout_id, exercise_id, completed_at, workout_name, exercise_position, top_set_weight_kg, "
                f"top_set_reps, top_set_rpe from {FEATURES}.feat_exercise_sessions",
    "profiles": f"select * from {FEATURES}.feat_user_profile order by user_id",
    "interactions": f"select user_id, exercise_id, sessions_count from {FEATURES}.feat_user_exercise_interactions",
    "exercises": f"select exercise_id, primary_muscle, is_custom from {FEATURES}.feat_exercises order by exercise_id",
}


def read_features(warehouse_url: str) -> FeatureFrames:
    with psycopg.connect(libpq_conninfo(warehouse_url)) as conn:
        conn.execute("set time zone 'UTC'")  # instants in the CSV text as +00
        frames = {name: read_query(conn, query) for name, query in FEATURE_QUERIES.items()}
    exercises = frames["exercises"]
    exercise_ids = exercises.loc[~exercises["is_custom"].astype(bool), "exercise_id"]
    interactions = frames["interactions"][frames["interactions"]["exercise_id"].isin(set(exercise_ids))]
    muscles = {int(e): str(m) for e, m in exercises[["exercise_id", "primary_muscle"]].itertuples(index=False)}
    return FeatureFrames(frames["sessions"], frames["profiles"], interactions, Catalog(exercise_ids.to_numpy(np.int64)), muscles)
