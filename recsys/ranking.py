"""Turning scores into a ranked list: the same for serving, the pyfunc wrapper and evaluation."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def top_k(scores: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Column indices of the k best scores per row, best first; disallowed columns never appear
    (a row may then have fewer than k valid entries, padded with -1)."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    k = min(k, scores.shape[1])
    best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.take_along_axis(scores, best, axis=1).argsort(axis=1)[:, ::-1]
    ranked = np.take_along_axis(best, order, axis=1)
    valid = np.isfinite(np.take_along_axis(scores, ranked, axis=1))
    return np.where(valid, ranked, -1)


def best_ids(scores: Mapping[int, float], k: int) -> list[int]:
    """The k ids with the highest scores, best first; ties go to the smaller id."""
    return sorted(scores, key=lambda e: (-scores[e], e))[:k]
