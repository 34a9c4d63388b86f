"""The recommender candidates, metrics, split and promotion rule, on small hand-made populations."""

import numpy as np
import pytest

from pipelines.ml.promotion import decide
from recsys.candidates import CANDIDATES, load_recommender
from recsys.dataset import Catalog, history_matrix, temporal_split
from recsys.evaluation import evaluate, ndcg_at_k, recall_at_k
from recsys.ranking import top_k
from recsys.registry import CHALLENGER, CHAMPION
from recsys.sessions import UserContext

CATALOG = Catalog(np.arange(100, 120, dtype=np.int64))
LEG_DAY, PUSH_DAY = (100, 101, 102, 103), (110, 111, 112, 113)


def population() -> dict[int, UserContext]:
    """Strength people repeat leg days; endurance people repeat push days, with some noise."""
    rng = np.random.default_rng(0)
    people = {}
    for user in range(60):
        goal, day = ("strength", LEG_DAY) if user % 2 == 0 else ("endurance", PUSH_DAY)
        sessions = tuple(tuple(sorted(set(day[: 3 + (s % 2)]) | {int(rng.integers(100, 120))})) for s in range(8))
        people[user] = UserContext(goal, "intermediate", sessions)
    return people


def test_history_matrix_counts_sessions_and_weights_recent_ones_more():
    context = UserContext("strength", "beginner", ((100, 101), (100,), (999,)))
    counts = history_matrix(CATALOG, [context])
    assert counts[0, 0] == 2 and counts[0, 1] == 1 and counts.sum() == 3  # 999 is not in the catalog
    recent = history_matrix(CATALOG, [context], decay=0.5)
    assert recent[0, 0] == pytest.approx(0.5 + 0.25) and recent[0, 1] == pytest.approx(0.25)


def test_top_k_orders_and_never_returns_disallowed_columns():
    scores = np.array([[0.1, 0.9, 0.5, 0.7]])
    assert top_k(scores, 3).tolist() == [[1, 3, 2]]
    allowed = np.array([True, False, True, False])
    assert top_k(scores, 3, allowed).tolist() == [[2, 0, -1]]


def test_recall_and_ndcg():
    assert recall_at_k([1, 2, 3], {1, 3}, 3) == 1.0
    assert recall_at_k([1, 2, 3], {9}, 3) == 0.0
    assert recall_at_k([1, 2], {1, 2, 3, 4}, 2) == 1.0  # normalised by min(k, relevant)
    assert ndcg_at_k([1, 2], {1}, 2) == 1.0
    assert ndcg_at_k([2, 1], {1}, 2) == pytest.approx(1 / np.log2(3))


def test_temporal_split_holds_out_the_latest_sessions_of_people_with_enough_history():
    contexts = {
        1: UserContext("strength", "beginner", ((100,), (101,), (102,), (103,), (104, 105))),
        2: UserContext("strength", "beginner", ((100,), (101,))),
    }
    split = temporal_split(contexts, CATALOG, holdout_sessions=2, min_train_sessions=3)
    assert split.holdout == {1: frozenset({103, 104, 105})}
    assert split.train[1].sessions == ((100,), (101,), (102,))
    assert split.train[2].sessions == ((100,), (101,))
    with pytest.raises(ValueError, match="holdout_sessions"):
        temporal_split(contexts, CATALOG, holdout_sessions=0)


@pytest.mark.parametrize("name", sorted(CANDIDATES))
def test_every_candidate_learns_the_segments_and_survives_a_save_and_load(name, tmp_path):
    params = {"epochs": 15} if name == "session_profile_net" else {}
    split = temporal_split(population(), CATALOG)
    model = CANDIDATES[name](CATALOG, **params).fit([split.train[u] for u in sorted(split.train)])
    metrics = evaluate(model, split)
    assert metrics.evaluated_users == 60
    assert metrics.recall_at_10 > 0.8, metrics
    # A strength person's list starts with leg-day exercises.
    scores = model.score([split.train[0]])
    assert set(CATALOG.exercise_ids[top_k(scores, 3)[0]]) <= set(LEG_DAY)
    loaded = load_recommender(model.save(tmp_path / name))
    assert np.allclose(loaded.score([split.train[0], split.train[1]]), model.score([split.train[0], split.train[1]]), atol=1e-5)


def test_the_neural_candidate_answers_a_new_person_from_the_profile():
    split = temporal_split(population(), CATALOG)
    model = CANDIDATES["session_profile_net"](CATALOG, epochs=15).fit(list(split.train.values()))
    new_strength, new_endurance = UserContext("strength", "intermediate"), UserContext("endurance", "intermediate")
    ranked = top_k(model.score([new_strength, new_endurance]), 3)
    assert set(CATALOG.exercise_ids[ranked[0]]) <= set(LEG_DAY)
    assert set(CATALOG.exercise_ids[ranked[1]]) <= set(PUSH_DAY)


def test_promotion_needs_a_margin_over_the_champion():
    assert decide(0.5, None, 0.01).alias == CHAMPION
    assert decide(0.60, 0.50, 0.01).alias == CHAMPION
    assert decide(0.504, 0.50, 0.01).alias == CHALLENGER  # better, but by less than 1 %
    assert decide(0.50, 0.50, 0.0).alias == CHALLENGER  # a tie keeps the champion
    assert "needed 0.5050" in decide(0.504, 0.50, 0.01).reason
    with pytest.raises(ValueError, match="margin"):
        decide(0.5, 0.4, -0.1)
