import pytest

from pulse.formulas import (
    DEFAULT_BODY_WEIGHT_KG,
    ExerciseEffort,
    estimated_one_rep_max,
    reps_at_weight,
    weight_for_reps,
    workout_calories,
)


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [(100, 1, 100.0), (100, 5, 100 * (1 + 5 / 30)), (60, 10, 80.0), (100, 12, 140.0)],
)
def test_epley(weight, reps, expected):
    assert estimated_one_rep_max(weight, reps) == pytest.approx(expected)


@pytest.mark.parametrize(("weight", "reps"), [(100, 13), (100, 0), (0, 5), (None, 5), (100, None), (-5, 3)])
def test_no_estimate_outside_the_formulas_range(weight, reps):
    assert estimated_one_rep_max(weight, reps) is None


@pytest.mark.parametrize(("weight", "reps"), [(100, 1), (100, 5), (62.5, 8), (140, 12)])
def test_the_inverses_undo_the_estimate(weight, reps):
    one_rm = estimated_one_rep_max(weight, reps)
    assert weight_for_reps(one_rm, reps) == pytest.approx(weight)
    if reps > 1:
        assert reps_at_weight(one_rm, weight) == pytest.approx(reps)


def test_the_inverses_at_the_edges():
    assert weight_for_reps(120, 1) == 120.0 and weight_for_reps(120, 0) == 120.0
    assert reps_at_weight(100, 100) == 0.0 and reps_at_weight(100, 120) == 0.0


def test_calories_single_exercise_takes_the_whole_workout():
    assert workout_calories([ExerciseEffort(met=6.0, set_count=4, timed_seconds=0)], 3600, 80) == 480.0


def test_calories_timed_exercise_keeps_its_time_and_the_rest_is_shared_by_sets():
    run = ExerciseEffort(met=10.0, set_count=1, timed_seconds=1800)
    squat = ExerciseEffort(met=6.0, set_count=3, timed_seconds=0)
    curl = ExerciseEffort(met=3.0, set_count=1, timed_seconds=0)
    # run: 10 * 80 * 0.5 = 400; remaining 1800 s: squat 3/4 -> 6*80*0.375 = 180; curl 1/4 -> 3*80*0.125 = 30
    assert workout_calories([run, squat, curl], 3600, 80) == 610.0


def test_calories_default_weight_and_empty_workouts():
    assert workout_calories([ExerciseEffort(met=3.5, set_count=1, timed_seconds=0)], 3600, None) == 3.5 * DEFAULT_BODY_WEIGHT_KG
    assert workout_calories([], 3600, 80) == 0.0
    assert workout_calories([ExerciseEffort(met=3.5, set_count=0, timed_seconds=0)], 3600, 80) == 0.0


def test_calories_never_count_more_time_than_the_workout_took():
    # 300 sets of a week each, in a one-hour workout: the hour, not 300 weeks.
    plank = ExerciseEffort(met=4.0, set_count=300, timed_seconds=300 * 7 * 24 * 3600)
    assert workout_calories([plank], 3600, 80) == 4.0 * 80 * 1.0
    run, plank = ExerciseEffort(met=10.0, set_count=1, timed_seconds=5400), ExerciseEffort(met=4.0, set_count=1, timed_seconds=1800)
    assert workout_calories([run, plank], 3600, 80) == pytest.approx(10 * 80 * 0.75 + 4 * 80 * 0.25)
