"""The exercise recommender candidates. Each one learns from people's session histories and
scores every catalog exercise for a `UserContext`; higher is better. Ranking, masking (equipment,
visibility) and the choice of k happen outside, the same way for all of them.

Every candidate saves itself as `params.json` + `arrays.npz` (plain numpy, the torch model's
weights included), so loading a registered model never unpickles code (recsys.candidates loads
them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from recsys.dataset import Catalog, history_matrix
from recsys.sessions import UserContext

# Recency weight per session back in time when a history becomes a vector (1, 0.85, 0.72, ...).
RECENCY_DECAY = 0.85


class Recommender:
    name: ClassVar[str]

    def __init__(self, catalog: Catalog, **params) -> None:
        self.catalog = catalog
        self.params = params
        self.arrays: dict[str, np.ndarray] = {}

    def fit(self, contexts: Sequence[UserContext]) -> Recommender:
        raise NotImplementedError

    def score(self, contexts: Sequence[UserContext]) -> np.ndarray:
        """(len(contexts), len(catalog)) scores, each from the person's recent sessions only."""
        return self._score([c.recent() for c in contexts])

    def _score(self, contexts: Sequence[UserContext]) -> np.ndarray:
        raise NotImplementedError

    def score_exercises(self, context: UserContext, exercise_ids: Sequence[int]) -> np.ndarray:
        """Scores of the given exercises for one person; -inf for an id outside the catalog (a
        person's custom exercise), which a catalog model cannot rank."""
        scores = self.score([context])[0]
        columns = [self.catalog.index(e) for e in exercise_ids]
        return np.array([-np.inf if c is None else scores[c] for c in columns], dtype=np.float32)

    def restore(self) -> None:
        """Rebuild what `arrays` does not hold directly (the torch network, the trees)."""

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "params.json").write_text(json.dumps({"name": self.name, "params": self.params}, indent=2))
        np.savez(directory / "arrays.npz", exercise_ids=self.catalog.exercise_ids, **self.arrays)
        return directory


class PopularityBySegment(Recommender):
    """Baseline: the share of people with the same goal and level who trained each exercise."""

    name = "popularity_by_segment"

    def fit(self, contexts):
        counts = history_matrix(self.catalog, contexts) > 0
        segments = sorted({c.segment for c in contexts})
        rows = [counts[[c.segment == s for c in contexts]].mean(axis=0) for s in segments]
        overall = counts.mean(axis=0) if len(contexts) else np.zeros(len(self.catalog))
        self.params["segments"] = segments
        self.arrays = {"segment_shares": np.array(rows + [overall], dtype=np.float32).reshape(-1, len(self.catalog))}
        return self

    def _score(self, contexts):
        shares = self.arrays["segment_shares"]
        position = {s: i for i, s in enumerate(self.params["segments"])}
        overall = shares[-1]
        # A tiny share of the overall popularity breaks ties inside small segments.
        return np.stack([shares[position.get(c.segment, len(shares) - 1)] + 1e-3 * overall for c in contexts])


class ItemKNN(Recommender):
    """Exercises that co-occur in people's histories (cosine), from a recency-weighted history."""

    name = "item_knn"

    def fit(self, contexts):
        x = np.log1p(history_matrix(self.catalog, contexts))
        norms = np.linalg.norm(x, axis=0) + 1e-9
        similarity = (x.T @ x) / np.outer(norms, norms)
        neighbours = min(int(self.params.setdefault("neighbours", 30)), similarity.shape[1])
        # Keep each exercise's strongest neighbours (itself included: people repeat exercises).
        cutoff = np.sort(similarity, axis=1)[:, -neighbours][:, None]
        self.arrays = {"similarity": np.where(similarity >= cutoff, similarity, 0).astype(np.float32)}
        return self

    def _score(self, contexts):
        return history_matrix(self.catalog, contexts, RECENCY_DECAY) @ self.arrays["similarity"]


class EASE(Recommender):
    """Embarrassingly shallow autoencoder (Steck 2019): a closed-form item-to-item regression."""

    name = "ease"

    def fit(self, contexts):
        x = (history_matrix(self.catalog, contexts) > 0).astype(np.float64)
        gram = x.T @ x + float(self.params.setdefault("l2", 50.0)) * np.eye(len(self.catalog))
        inverse = np.linalg.inv(gram)
        weights = -inverse / np.diag(inverse)
        np.fill_diagonal(weights, 0.0)
        self.arrays = {"weights": weights.astype(np.float32)}
        return self

    def _score(self, contexts):
        history = history_matrix(self.catalog, contexts, RECENCY_DECAY)
        # The regression never predicts an exercise from itself; a small self term lets the
        # exercises a person keeps doing stay in their list.
        return history @ self.arrays["weights"] + float(self.params.setdefault("self_weight", 0.1)) * history


class ImplicitALS(Recommender):
    """Implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008) by alternating least
    squares; a person's vector is solved from their history at scoring time (fold-in), so the
    model needs no retraining to serve someone's latest sessions."""

    name = "implicit_als"

    def fit(self, contexts):
        factors = int(self.params.setdefault("factors", 32))
        alpha = float(self.params.setdefault("alpha", 10.0))
        reg = float(self.params.setdefault("regularization", 1.0))
        iterations = int(self.params.setdefault("iterations", 12))
        rng = np.random.default_rng(int(self.params.setdefault("seed", 0)))
        counts = history_matrix(self.catalog, contexts)
        users = rng.normal(0, 0.01, (len(contexts), factors))
        items = rng.normal(0, 0.01, (len(self.catalog), factors))
        for _ in range(iterations):
            users = _als_solve(counts, items, alpha, reg)
            items = _als_solve(counts.T, users, alpha, reg)
        self.arrays = {"item_factors": items.astype(np.float32)}
        return self

    def _score(self, contexts):
        items = self.arrays["item_factors"].astype(np.float64)
        history = history_matrix(self.catalog, contexts, RECENCY_DECAY)
        users = _als_solve(history, items, float(self.params["alpha"]), float(self.params["regularization"]))
        return users @ items.T


def _als_solve(counts: np.ndarray, fixed: np.ndarray, alpha: float, reg: float) -> np.ndarray:
    """Solve every row's factors given the other side's: (FᵀCF + λI) x = FᵀC p, C = 1 + αr."""
    gram = fixed.T @ fixed
    identity = reg * np.eye(fixed.shape[1])
    solved = np.zeros((counts.shape[0], fixed.shape[1]))
    for row in range(counts.shape[0]):
        nonzero = np.flatnonzero(counts[row])
        if nonzero.size == 0:
            continue
        f = fixed[nonzero]
        confidence = alpha * counts[row, nonzero]
        a = gram + (f.T * confidence) @ f + identity
        b = (f.T * (1.0 + confidence)).sum(axis=1)
        solved[row] = np.linalg.solve(a, b)
    return solved


# ---- the neural candidate ----------------------------------------------------------------------


class SessionProfileNet(Recommender):
    """A small PyTorch network over the person's profile (goal, level) and the order of their
    sessions (the last session, a recency-weighted history and overall habits), trained to
    predict the exercises of the next sessions. With no history it answers from the profile
    alone, which is what a new person needs."""

    name = "session_profile_net"
    GOALS = ("strength", "endurance", "weight_loss", "muscle_gain", "general_fitness")
    LEVELS = ("beginner", "intermediate", "advanced")

    def _inputs(self, contexts: Sequence[UserContext]) -> np.ndarray:
        n = len(self.catalog)
        profile = np.zeros((len(contexts), len(self.GOALS) + len(self.LEVELS)), dtype=np.float32)
        last = np.zeros((len(contexts), n), dtype=np.float32)
        for row, context in enumerate(contexts):
            if context.fitness_goal in self.GOALS:
                profile[row, self.GOALS.index(context.fitness_goal)] = 1
            if context.experience_level in self.LEVELS:
                profile[row, len(self.GOALS) + self.LEVELS.index(context.experience_level)] = 1
            if context.sessions:
                last[row, self.catalog.indices(context.sessions[-1])] = 1
        recent = history_matrix(self.catalog, contexts, RECENCY_DECAY)
        recent /= np.maximum(recent.sum(axis=1, keepdims=True), 1e-6)
        habits = history_matrix(self.catalog, contexts)
        habits /= np.maximum(habits.sum(axis=1, keepdims=True), 1e-6)
        return np.concatenate([profile, last, recent, habits], axis=1)

    def _network(self):
        import torch

        hidden = int(self.params.setdefault("hidden", 256))
        n_inputs = len(self.GOALS) + len(self.LEVELS) + 3 * len(self.catalog)
        return torch.nn.Sequential(
            torch.nn.Linear(n_inputs, hidden),
            torch.nn.ReLU(),
            torch.nn.Dropout(float(self.params.setdefault("dropout", 0.2))),
            torch.nn.Linear(hidden, len(self.catalog)),
        )

    def _examples(self, contexts: Sequence[UserContext]) -> tuple[list[UserContext], np.ndarray]:
        """Every prefix of every history (the empty one too) and the exercises of the next two sessions."""
        horizon = int(self.params.setdefault("horizon_sessions", 2))
        inputs, targets = [], []
        for context in contexts:
            for cut in range(len(context.sessions)):
                following = context.sessions[cut : cut + horizon]
                target = np.zeros(len(self.catalog), dtype=np.float32)
                target[self.catalog.indices(e for s in following for e in s)] = 1
                if target.any():
                    inputs.append(context.before(cut).recent())
                    targets.append(target / target.sum())
        return inputs, np.array(targets, dtype=np.float32).reshape(-1, len(self.catalog))

    def fit(self, contexts, progress=None):
        import torch

        torch.manual_seed(int(self.params.setdefault("seed", 0)))
        epochs = int(self.params.setdefault("epochs", 8))
        batch = int(self.params.setdefault("batch_size", 256))
        lr = float(self.params.setdefault("learning_rate", 2e-3))
        examples, targets = self._examples(contexts)
        x = torch.from_numpy(self._inputs(examples))
        y = torch.from_numpy(targets)
        network = self._network()
        optimiser = torch.optim.Adam(network.parameters(), lr=lr, weight_decay=1e-5)
        generator = torch.Generator().manual_seed(int(self.params["seed"]))
        self.losses: list[float] = []
        network.train()
        for _ in range(epochs):
            order = torch.randperm(len(x), generator=generator)
            total = 0.0
            for start in range(0, len(x), batch):
                index = order[start : start + batch]
                logits = network(x[index])
                # Cross-entropy against the next sessions' exercises as a distribution.
                loss = -(y[index] * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += float(loss.detach()) * len(index)
            self.losses.append(total / max(len(x), 1))
        self.arrays = {f"weight__{k}": v.detach().numpy() for k, v in network.state_dict().items()}
        self.restore()
        return self

    def restore(self):
        import torch

        network = self._network()
        network.load_state_dict({k.removeprefix("weight__"): torch.from_numpy(v) for k, v in self.arrays.items()})
        network.eval()
        self.network = network

    def _score(self, contexts):
        import torch

        with torch.no_grad():
            return self.network(torch.from_numpy(self._inputs(contexts))).numpy()
