"""The routine ranker on hand-made lifters: titled routines, a rotation under one generic title,
custom exercises, and the trees it keeps as arrays."""

from dataclasses import replace

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from recsys.candidates import load_recommender
from recsys.dataset import Catalog
from recsys.routine_ranker import FEATURES, RoutineRanker, _tree_arrays, _walk, history_features
from recsys.sessions import UserContext
from recsys.titles import muscles_named

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


MUSCLES = {**dict.fromkeys(PUSH, "CHEST"), **dict.fromkeys(PULL, "BACK"), **dict.fromkeys((*LEGS, CUSTOM), "LEGS")}


def test_titles_name_muscle_groups_in_their_words():
    assert muscles_named("Push Day") == {"CHEST", "SHOULDERS", "TRICEPS"}
    assert muscles_named("CHEST & back 2") == {"CHEST", "BACK"}
    assert muscles_named("Upper A") >= {"CHEST", "BACK"} and "LEGS" in muscles_named("Lower body")
    assert muscles_named("Evening Workout") == muscles_named(None) == frozenset()
    assert muscles_named("Backsquat") == frozenset()  # whole words only


def test_the_features_say_where_an_exercise_was_logged_and_whether_the_title_names_its_muscles():
    person = UserContext("strength", "intermediate", ((120, 100, 101), (110, 111), (101, 100, 102, 103)), ("Push", "Pull", "Push"),
                         "Push", {100: "CHEST", 110: "BACK"})
    rows = history_features(person, [100, 101, 110, 120, 129], np.zeros(5, np.float32))
    column = {name: rows[:, FEATURES.index(name)] for name in ("same_title_position", "last_position", "usual_position", "title_names_muscle")}
    assert column["same_title_position"][:2].tolist() == [0.375, 0.125] and np.isnan(column["same_title_position"][2:]).all()
    assert column["last_position"][0] == 0.375 and np.isnan(column["last_position"][2])
    assert column["usual_position"][:4].tolist() == pytest.approx([(0.5 + 0.375) / 2, (5 / 6 + 0.125) / 2, 0.25, 1 / 6])
    assert column["title_names_muscle"][0] == 1.0 and column["title_names_muscle"][2] == 0.0
    assert np.isnan(column["title_names_muscle"][[1, 3, 4]]).all()  # muscle group not known
    untitled = history_features(UserContext(person.fitness_goal, person.experience_level, person.sessions, person.titles, "Day 3",
                                            person.muscles), [100], np.zeros(1, np.float32))
    assert np.isnan(untitled[0, FEATURES.index("title_names_muscle")])  # a title that names none


def test_a_title_never_used_before_finds_the_muscles_it_names():
    rng = np.random.default_rng(6)
    people = [replace(lifter(rng, titled=n % 2 == 0), muscles=MUSCLES) for n in range(40)]
    model = RoutineRanker(CATALOG, trees=60).fit(people)
    person = replace(lifter(np.random.default_rng(7), titled=False, sessions=13), muscles=MUSCLES)  # in turn: pull next
    assert top(model, person.before(13, "Leg day"), 4) <= set(LEGS) | {CUSTOM}
