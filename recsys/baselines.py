"""Simple per-lifter rankings of "what comes in the next session": what any model must beat on
real training logs (benchmarks/real_logs_bench.py). Each scores the exercises a lifter has done
before from their own history only, plus the title of the session about to start where the app
knows it (a routine started by name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from recsys.sessions import UserContext, title_key


@dataclass(frozen=True)
class LoggedSession:
    """One of a lifter's sessions as the baselines see it (exercise ids in their logged order)."""

    title: str
    started_at: datetime | None  # None where only the order is known
    exercise_ids: tuple[int, ...]


Ranker = Callable[[Sequence[LoggedSession], str, Counter], dict[int, float]]


def population_counts(contexts: Iterable[UserContext]) -> Counter:
    """How many people trained each exercise: the population global_popularity ranks by."""
    return Counter(e for c in contexts for e in {x for s in c.sessions for x in s})


def global_popularity(history: Sequence[LoggedSession], title: str, population: Counter) -> dict[int, float]:
    """How many people trained each exercise (the population's counts; the lifter's own history
    only limits the candidates)."""
    return {e: float(population.get(e, 0)) for e in _done(history)}


def recency(history: Sequence[LoggedSession], title: str, population: Counter) -> dict[int, float]:
    """The more recently done, the higher."""
    scores: dict[int, float] = {}
    for age, session in enumerate(reversed(history)):
        for e in session.exercise_ids:
            scores.setdefault(e, -float(age))
    return scores


def frequency(history: Sequence[LoggedSession], title: str, population: Counter) -> dict[int, float]:
    """The share of the lifter's sessions that held each exercise (recency breaks ties)."""
    counts = Counter(e for s in history for e in set(s.exercise_ids))
    ties = recency(history, title, population)
    return {e: counts[e] + 1e-6 * ties[e] for e in counts}


def transition(history: Sequence[LoggedSession], title: str, population: Counter) -> dict[int, float]:
    """First-order: how often each exercise followed, in the next session, the exercises of the
    last session (frequency breaks ties)."""
    follows: dict[int, Counter] = {}
    for before, after in zip(history, history[1:], strict=False):
        for e in set(before.exercise_ids):
            follows.setdefault(e, Counter()).update(set(after.exercise_ids))
    last = set(history[-1].exercise_ids) if history else set()
    scores = Counter()
    for e in last:
        total = sum(1 for s in history[:-1] if e in s.exercise_ids) or 1
        for nxt, n in follows.get(e, Counter()).items():
            scores[nxt] += n / total
    ties = frequency(history, title, population)
    return {e: scores.get(e, 0.0) + 1e-3 * ties[e] / max(len(history), 1) for e in ties}


def same_title(history: Sequence[LoggedSession], title: str, population: Counter) -> dict[int, float]:
    """The exercises of the latest earlier session with the same title, in their order; the
    lifter's frequency after them (and for everything when the title is new)."""
    key = title_key(title)
    previous = next((s for s in reversed(history) if title_key(s.title) == key), None)
    scores = {e: -1.0 + 1e-3 * v for e, v in frequency(history, title, population).items()}
    if previous is not None:
        for position, e in enumerate(previous.exercise_ids):
            scores[e] = 1.0 - position / 100
    return scores


BASELINES: dict[str, Ranker] = {
    "global_popularity": global_popularity,
    "lifter_recency": recency,
    "lifter_frequency": frequency,
    "transition": transition,
    "same_title": same_title,
}


def _done(history: Sequence[LoggedSession]) -> set[int]:
    return {e for s in history for e in s.exercise_ids}
