"""The per-lifter baselines of recsys/baselines.py on a history written by hand."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from recsys.baselines import BASELINES, LoggedSession, frequency, global_popularity, recency, same_title, transition

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Push (1, 2), Pull (3, 4), Legs (5, 6), then Push again with 7 added, then Pull.
HISTORY = [
    LoggedSession(title, T0 + timedelta(days=day), exercises)
    for day, (title, exercises) in enumerate([("Push", (1, 2)), ("Pull", (3, 4)), ("Legs", (5, 6)), ("Push", (1, 2, 7)), ("Pull", (3, 4))])
]


def top(scores, k=3):
    return [e for e, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]]


def test_every_baseline_ranks_only_what_the_lifter_has_done():
    for name, ranker in BASELINES.items():
        assert set(ranker(HISTORY, "Legs", Counter({99: 50, 1: 3}))) == {1, 2, 3, 4, 5, 6, 7}, name


def test_same_title_follows_the_routine_and_falls_back_to_frequency():
    assert top(same_title(HISTORY, "push", Counter())) == [1, 2, 7]
    assert top(same_title(HISTORY, "Legs", Counter()), 2) == [5, 6]
    # A new title: the lifter's most frequent exercises.
    assert set(top(same_title(HISTORY, "Arms", Counter()), 4)) == {1, 2, 3, 4}


def test_transition_learns_what_follows_the_last_session():
    # After Pull (3, 4) came Legs (5, 6) once.
    assert top(transition(HISTORY, "", Counter()), 2) == [5, 6]


def test_recency_frequency_and_popularity():
    assert top(recency(HISTORY, "", Counter()), 2) == [3, 4]
    assert top(frequency(HISTORY, "", Counter()), 4) == [3, 4, 1, 2]
    assert top(global_popularity(HISTORY, "", Counter({6: 10, 1: 5})), 2) == [6, 1]
