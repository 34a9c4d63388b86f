"""The exercises a model ranks (`Catalog`), histories as matrices, and the per-person temporal
split the candidates are trained and compared on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from recsys.sessions import UserContext


@dataclass(frozen=True)
class Catalog:
    """The exercises a model ranks, in its column order (library exercises only: a person's
    private custom exercise is never learnt from nor recommended to anyone)."""

    exercise_ids: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {int(e): i for i, e in enumerate(self.exercise_ids)})

    def __len__(self) -> int:
        return len(self.exercise_ids)

    def index(self, exercise_id: int) -> int | None:
        return self._index.get(int(exercise_id))  # type: ignore[attr-defined]

    def indices(self, exercise_ids: Iterable[int]) -> list[int]:
        found = (self.index(e) for e in exercise_ids)
        return [i for i in found if i is not None]


def history_matrix(catalog: Catalog, contexts: Sequence[UserContext], decay: float | None = None) -> np.ndarray:
    """Rows of per-exercise session counts, or with `decay` recency weights (1 for the latest
    session, `decay` for the one before, ...)."""
    matrix = np.zeros((len(contexts), len(catalog)), dtype=np.float32)
    for row, context in enumerate(contexts):
        sessions = context.sessions
        for age, session in enumerate(reversed(sessions)):
            weight = 1.0 if decay is None else decay**age
            for column in set(catalog.indices(session)):
                matrix[row, column] += weight
    return matrix


@dataclass
class Split:
    """Each person's last `holdout_sessions` sessions held out; the models see what came before."""

    catalog: Catalog
    train: dict[int, UserContext]  # every person, with their history before the holdout
    holdout: dict[int, frozenset[int]] = field(default_factory=dict)  # person -> exercise ids to find

    def evaluation_users(self) -> list[int]:
        return sorted(self.holdout)


def temporal_split(
    contexts: dict[int, UserContext], catalog: Catalog, holdout_sessions: int = 1, min_train_sessions: int = 3
) -> Split:
    """Hold out each person's most recent sessions, for people with enough history before them;
    everyone else trains on their whole history."""
    if holdout_sessions < 1:
        raise ValueError(f"holdout_sessions must be at least 1, got {holdout_sessions}")
    train, holdout = {}, {}
    for user_id, context in contexts.items():
        sessions = context.sessions
        train[user_id] = context
        if len(sessions) >= min_train_sessions + holdout_sessions:
            target = frozenset(e for s in sessions[-holdout_sessions:] for e in s if catalog.index(e) is not None)
            if target:
                holdout[user_id] = target
                # About to start the first held-out session, whose title the app would know.
                cut = len(sessions) - holdout_sessions
                train[user_id] = context.before(cut, context.title_of(cut) if context.titles else None)
    return Split(catalog, train, holdout)
