"""Similar lifters: nearest neighbours (cosine) over a vector per person that joins their profile
(goal, level, training mix, frequency) and what they train (TF-IDF weighted exercise sessions).
Who may be shown is decided at serving time from the app database (discoverable people only)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

GOALS = ("strength", "endurance", "weight_loss", "muscle_gain", "general_fitness")
LEVELS = ("beginner", "intermediate", "advanced")
SHARES = ("share_strength", "share_cardio", "share_flexibility", "share_balance")
# How much each block weighs in the joined vector (each block is unit length first).
PROFILE_WEIGHT, EXERCISE_WEIGHT = 1.0, 1.0


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


class SimilarUsersIndex:
    def __init__(self, user_ids: np.ndarray, vectors: np.ndarray) -> None:
        self.user_ids = user_ids.astype(np.int64)
        self.vectors = vectors.astype(np.float32)
        self._row = {int(u): i for i, u in enumerate(self.user_ids)}

    @classmethod
    def fit(cls, profiles: pd.DataFrame, interactions: pd.DataFrame) -> SimilarUsersIndex:
        """`profiles`: feat_user_profile rows; `interactions`: user_id, exercise_id, sessions_count."""
        profiles = profiles.sort_values("user_id").reset_index(drop=True)
        user_ids = profiles["user_id"].to_numpy()
        profile = np.zeros((len(profiles), len(GOALS) + len(LEVELS) + len(SHARES) + 1))
        for row, p in enumerate(profiles.itertuples(index=False)):
            if p.fitness_goal in GOALS:
                profile[row, GOALS.index(p.fitness_goal)] = 1
            if p.experience_level in LEVELS:
                profile[row, len(GOALS) + LEVELS.index(p.experience_level)] = 1
            profile[row, len(GOALS) + len(LEVELS) : -1] = [float(getattr(p, s) or 0) for s in SHARES]
            profile[row, -1] = min(float(p.sessions_per_week_4w or 0), 7) / 7
        exercises = np.sort(interactions["exercise_id"].unique()) if len(interactions) else np.array([], dtype=np.int64)
        column = {int(e): i for i, e in enumerate(exercises)}
        row_of = {int(u): i for i, u in enumerate(user_ids)}
        counts = np.zeros((len(profiles), len(exercises)))
        for user_id, exercise_id, sessions in interactions[["user_id", "exercise_id", "sessions_count"]].itertuples(index=False):
            if int(user_id) in row_of:
                counts[row_of[int(user_id)], column[int(exercise_id)]] = np.log1p(sessions)
        document_frequency = (counts > 0).sum(axis=0)
        idf = np.log((1 + len(profiles)) / (1 + document_frequency)) + 1
        vectors = np.hstack([PROFILE_WEIGHT * _unit_rows(profile), EXERCISE_WEIGHT * _unit_rows(counts * idf)])
        return cls(user_ids, _unit_rows(vectors))

    def neighbours(self, user_id: int, k: int) -> list[list[float]]:
        """[[user_id, similarity], ...] best first, without the person; [] for someone unknown."""
        row = self._row.get(int(user_id))
        if row is None:
            return []
        similarity = self.vectors @ self.vectors[row]
        similarity[row] = -np.inf
        best = np.argsort(-similarity)[: max(0, min(k, len(similarity) - 1))]
        return [[int(self.user_ids[i]), round(float(similarity[i]), 4)] for i in best]

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / "index.npz", user_ids=self.user_ids, vectors=self.vectors)
        (directory / "params.json").write_text(json.dumps({"users": len(self.user_ids)}))
        return directory

    @classmethod
    def load(cls, directory: Path | str) -> SimilarUsersIndex:
        with np.load(Path(directory) / "index.npz") as stored:
            return cls(stored["user_ids"], stored["vectors"])
