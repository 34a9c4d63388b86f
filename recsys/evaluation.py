"""Ranking metrics on the temporal holdout, the same for every candidate.

Recall@k is normalised by min(k, |relevant|) so a person with more than k held-out exercises can
still reach 1; NDCG@k uses binary relevance. Coverage is the share of the catalog that appears in
at least one person's top k. Exercises a person already did are not removed from their list:
repeating an exercise is what a training plan does.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from recsys.baselines import BASELINES, LoggedSession, population_counts
from recsys.dataset import Split
from recsys.ranking import best_ids, top_k


def recall_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    hits = sum(1 for item in ranked[:k] if item in relevant)
    return hits / min(k, len(relevant))


def ndcg_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    gains = [1.0 / np.log2(position + 2) for position, item in enumerate(ranked[:k]) if item in relevant]
    ideal = sum(1.0 / np.log2(position + 2) for position in range(min(k, len(relevant))))
    return float(sum(gains) / ideal)


@dataclass(frozen=True)
class Metrics:
    recall_at_10: float
    ndcg_at_10: float
    catalog_coverage: float
    evaluated_users: int

    def as_dict(self) -> dict[str, float]:
        return {
            "recall_at_10": self.recall_at_10,
            "ndcg_at_10": self.ndcg_at_10,
            "catalog_coverage": self.catalog_coverage,
            "evaluated_users": float(self.evaluated_users),
        }


def evaluate(model, split: Split, k: int = 10, people: Collection[int] | None = None) -> Metrics:
    """The model's metrics over every held-out person, or only over `people` (the real ones)."""
    users = [u for u in split.evaluation_users() if people is None or u in people]
    if not users:
        return Metrics(0.0, 0.0, 0.0, 0)
    scores = model.score([split.train[u] for u in users])
    ranked = top_k(scores, k)
    # The model's own catalog names its columns: a champion trained earlier may know fewer exercises.
    ids = model.catalog.exercise_ids
    return _metrics(split, users, [[int(ids[i]) for i in row if i >= 0] for row in ranked], k)


def evaluate_baselines(split: Split, people: Collection[int], k: int = 10) -> dict[str, Metrics]:
    """The per-lifter baselines of recsys/baselines.py on the same holdout, over `people`: each
    ranks the library exercises of the person's own history, knowing the held-out session's title."""
    users = [u for u in split.evaluation_users() if u in people]
    population = population_counts(split.train.values())
    results = {}
    for name, ranker in BASELINES.items():
        lists = []
        for user in users:
            context = split.train[user]
            history = [LoggedSession(context.title_of(i), None, s) for i, s in enumerate(context.sessions)]
            scores = ranker(history, context.next_title or "", population)
            lists.append(best_ids({e: v for e, v in scores.items() if split.catalog.index(e) is not None}, k))
        results[name] = _metrics(split, users, lists, k)
    return results


def _metrics(split: Split, users: list[int], ranked: list[list[int]], k: int) -> Metrics:
    if not users:
        return Metrics(0.0, 0.0, 0.0, 0)
    recalls, ndcgs, shown = [], [], set()
    for user, items in zip(users, ranked, strict=True):
        shown.update(items)
        relevant = set(split.holdout[user])
        recalls.append(recall_at_k(items, relevant, k))
        ndcgs.append(ndcg_at_k(items, relevant, k))
    return Metrics(float(np.mean(recalls)), float(np.mean(ndcgs)), len(shown) / len(split.catalog), len(users))


def timed_fit(model, split: Split):
    """Fit on the training side of the split; returns the model and the seconds it took."""
    started = time.perf_counter()
    model.fit([split.train[u] for u in sorted(split.train)])
    return model, time.perf_counter() - started


def bootstrap_interval(values: Sequence[float], groups: Sequence | None = None, rounds: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % percentile interval of the mean of `values` (differences between two methods, say),
    resampling whole groups (people) when `groups` is given, else single values."""
    rng = np.random.default_rng(seed)
    values = np.asarray(values, dtype=float)
    if groups is None:
        means = [values[rng.integers(0, len(values), len(values))].mean() for _ in range(rounds)]
    else:
        keys = np.asarray(groups)
        members = [np.flatnonzero(keys == key) for key in np.unique(keys)]
        means = []
        for _ in range(rounds):
            chosen = rng.integers(0, len(members), len(members))
            means.append(values[np.concatenate([members[i] for i in chosen])].mean())
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)

