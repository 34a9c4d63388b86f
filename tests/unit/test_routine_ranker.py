"""The routine ranker on hand-made lifters: titled routines, a rotation under one generic title,
custom exercises, and the trees it keeps as arrays."""

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from recsys.candidates import load_recommender
from recsys.dataset import Catalog
from recsys.routine_ranker import FEATURES, RoutineRanker, _tree_arrays, _walk, history_features
from recsys.sessions import UserContext

CATALOG = Catalog(np.arange(100, 130, dtype=np.int64))
PUSH, PULL, LEGS = (100, 101, 102, 103), (110, 111, 112), (120, 121, 122, 123)
CUSTOM = 9_001  # a person's own exercise: outside the catalog


def lifter(rng: np.random.Generator, titled: bool, sessions: int = 30) -> UserContext:
    """Push, pull and legs, one noise exercise now and then: titled by day and trained in any
    order, or trained in turn and all called "Evening Workout" as a phone names them. The legs
    day holds the person's custom exercise."""
    days = [(PUSH, "Push"), (PULL, "Pull"), (LEGS + (CUSTOM,), "Legs")]
    logged, titles = [], []
    for n in range(sessions):
        day, title = days[int(rng.integers(3)) if titled else n % 3]
        noise = {int(rng.integers(100, 130))} if rng.random() < 0.3 else set()
        logged.append(tuple(sorted(set(day) | noise)))
        titles.append(title if titled else "Evening Workout")
    return UserContext("strength", "intermediate", tuple(logged), tuple(titles))


@pytest.fixture(scope="module")
def ranker() -> RoutineRanker:
    rng = np.random.default_rng(0)
    people = [lifter(rng, titled=n % 2 == 0) for n in range(40)]
    return RoutineRanker(CATALOG, trees=60).fit(people)


def top(ranker: RoutineRanker, context: UserContext, n: int) -> set[int]:
    ids = sorted({e for s in context.sessions for e in s} | set(int(e) for e in CATALOG.exercise_ids))
    scores = ranker.score_exercises(context, ids)
    return {ids[i] for i in np.argsort(-scores)[:n]}


def test_the_title_about_to_start_picks_its_routine_out_of_turn(ranker):
    person = lifter(np.random.default_rng(1), titled=False, sessions=12)  # next in turn: push
    titled = UserContext(person.fitness_goal, person.experience_level, person.sessions, tuple(["Push", "Pull", "Legs"] * 4))
    assert top(ranker, titled.before(12, "Legs"), 5) == set(LEGS) | {CUSTOM}
    assert top(ranker, titled.before(12, "Pull"), 3) == set(PULL)
    assert top(ranker, titled.before(12, "Push"), 4) == set(PUSH)


def test_a_rotation_under_one_generic_title_goes_to_the_next_day(ranker):
    person = lifter(np.random.default_rng(2), titled=False, sessions=14)  # ends push, pull: legs next
    assert top(ranker, person.before(14, "Evening Workout"), 5) == set(LEGS) | {CUSTOM}
    assert top(ranker, person.before(14), 5) == set(LEGS) | {CUSTOM}  # without a title too


def test_a_new_person_gets_what_people_of_their_goal_train():
    rng = np.random.default_rng(3)
    model = RoutineRanker(CATALOG, trees=30).fit([lifter(rng, titled=True) for _ in range(10)])
    scores = model.score([UserContext("strength", "intermediate")])[0]
    trained = set(PUSH) | set(PULL) | set(LEGS)
    assert {int(e) for e in CATALOG.exercise_ids[np.argsort(-scores)[:8]]} <= trained


def test_it_survives_a_save_and_load_and_the_features_hold_no_exercise_id(ranker, tmp_path):
    person = lifter(np.random.default_rng(4), titled=True, sessions=10)
    loaded = load_recommender(ranker.save(tmp_path / "ranker"))
    ids = [CUSTOM, 100, 120, 129]
    assert np.allclose(loaded.score_exercises(person.before(10, "Legs"), ids), ranker.score_exercises(person.before(10, "Legs"), ids))
    # Two exercises with the same history get the same features, whatever their ids.
    renamed = UserContext(person.fitness_goal, person.experience_level, tuple(tuple(7 if e == 100 else e for e in s) for s in person.sessions), person.titles)
    popularity = np.zeros(1, np.float32)
    assert np.array_equal(history_features(person, [100], popularity), history_features(renamed, [7], popularity), equal_nan=True)
    assert history_features(person, [100], popularity).shape == (1, len(FEATURES))


def test_the_trees_walked_as_arrays_score_as_scikit_learn_does():
    rng = np.random.default_rng(5)
    x = rng.random((3000, 6)).astype(np.float32)
    x[rng.random(x.shape) < 0.05] = np.nan
    y = np.nan_to_num(x[:, 0]) + 0.5 * np.nan_to_num(x[:, 3]) > 0.8
    model = HistGradientBoostingClassifier(max_iter=40, random_state=0).fit(x, y)
    assert np.allclose(_walk(_tree_arrays(model), x), model.decision_function(x), atol=1e-4)
