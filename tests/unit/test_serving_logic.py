"""Progression, the next-workout builder and the similar-users index: pure logic."""

import numpy as np
import pandas as pd
import pytest

from api.recommendations.next_workout import HARD_SETS_48H, Candidate, Suggestion, build, choose, recovering_muscles
from pipelines.ml.progression import fit_and_evaluate, top_set_sequences
from pulse.units import Quantity, UnitSystem, from_si
from recsys.progression import (
    FEATURES,
    epley_formula,
    features,
    linear_progression,
    repeat_last,
    served,
    suggest,
)
from recsys.sessions import TopSet
from recsys.similar import SimilarUsersIndex


def test_progression_features_describe_the_recent_top_sets():
    history = [TopSet(100, 5, 8), TopSet(105, 5, 9), TopSet(90, 5, 6)]
    row = dict(zip(FEATURES, features(history), strict=True))
    assert row["weight_ratio_1_back"] == pytest.approx(105 / 90)
    assert row["recent_peak_ratio"] == pytest.approx(105 / 90)  # a deload below the recent best
    assert row["last_rpe"] == 6 and row["previous_rpe"] == 9 and row["sessions_seen"] == 3
    assert np.isnan(features([TopSet(100, 5)])[FEATURES.index("last_rpe")])
    with pytest.raises(ValueError, match="at least one"):
        features([])


def test_suggestions_and_baselines():
    history = [TopSet(100, 5, 7), TopSet(102.5, 5, 8)]
    assert suggest(history).weight_kg == 102.5 and suggest(history).basis == "repeat_last"
    assert repeat_last(history) == 102.5 and linear_progression(history) == 105.0
    # Best 1RM of the last three: 90 x (1 + 10/30) = 120 (above 102.5 x 7/6); for 10 reps: 90.
    assert epley_formula([TopSet(100, 5), TopSet(102.5, 5), TopSet(90, 10)]) == pytest.approx(90.0)

    class Doubles:  # any regressor: the suggestion scales the last weight by its ratio
        def predict(self, x):
            return np.array([1.1])

    assert suggest(history, Doubles()).weight_kg == pytest.approx(102.5 * 1.1)  # shown rounded: 112.5 kg
    assert served(102.5 * 1.1) == 112.5 and served(-3) == 0.0


def test_what_a_person_is_shown_is_on_their_plates():
    assert served(101.4) == 102.5
    # 100 kg is 220.46 lb: a pound lifter is shown 220 lb, exactly.
    assert from_si(served(100, UnitSystem.imperial), "weight", UnitSystem.imperial) == 220.0


def test_the_progression_model_learns_a_steady_progression_better_than_repeating():
    rows = []
    start = pd.Timestamp("2026-01-01", tz="UTC")
    for user in range(30):
        for session in range(1, 13):
            rows.append((user, user * 100 + session, start + pd.Timedelta(days=2 * session), 1, 60 + 2.5 * session, 5, 8.0, "Squat day", 0))
    columns = ["user_id", "workout_id", "completed_at", "exercise_id", "top_set_weight_kg", "top_set_reps", "top_set_rpe", "workout_name",
               "exercise_position"]
    sessions = pd.DataFrame(rows, columns=columns)
    assert len(top_set_sequences(sessions)) == 30
    evaluation = fit_and_evaluate(sessions)
    mae = evaluation.mae_kg
    assert evaluation.predictions == 60  # the last two sessions of each sequence
    assert mae["repeat_last"] == pytest.approx(2.5)
    assert mae["gradient_boosting"] < 0.5 < mae["repeat_last"]
    # Surely better: the interval of the difference lies below zero, so it would be promoted.
    assert evaluation.interval_kg[1] < 0 and evaluation.beats_repeat_last
    assert set(mae) == {"gradient_boosting", "repeat_last", "linear_progression", "epley_formula"}


SQUAT = Candidate(1, "Squat", "LEGS", "BARBELL", "STRENGTH")
LUNGE = Candidate(2, "Lunge", "LEGS", "DUMBBELL", "STRENGTH")
LEG_PRESS = Candidate(3, "Leg press", "LEGS", "MACHINE", "STRENGTH")
BENCH = Candidate(4, "Bench", "CHEST", "BARBELL", "STRENGTH")
RUN = Candidate(5, "Run", "LEGS", "NONE", "CARDIO", is_distance_based=True)
ROW = Candidate(6, "Rower", "BACK", "MACHINE", "CARDIO")
PULL = Candidate(7, "Pull-up", "BACK", "NONE", "STRENGTH")


def test_choose_spares_recovering_muscles_and_balances():
    ranked = [RUN, SQUAT, LUNGE, LEG_PRESS, ROW, BENCH, PULL]
    chosen = choose(ranked, 4, set(), "strength")
    # Lunge and leg press: legs are full (run and squat); the rower: one timed exercise is enough.
    # Strength work comes first, in rank order.
    assert chosen == [SQUAT, BENCH, PULL, RUN]
    spared = choose(ranked, 4, {"LEGS"}, "strength")
    assert all(c.primary_muscle != "LEGS" for c in spared)
    assert recovering_muscles({"LEGS": HARD_SETS_48H, "CHEST": HARD_SETS_48H - 0.5}) == {"LEGS"}


def test_build_prescribes_for_the_goal_and_moves_weights_to_the_rep_target():
    suggestion = {SQUAT.exercise_id: Suggestion(100.0, 10, "model")}
    squat, run = build([SQUAT, RUN], 2, "strength", "advanced", set(), suggestion, UnitSystem.metric)
    assert (squat.sets, squat.reps, squat.rest_seconds) == (5, 5, 180)
    # Same estimated 1RM: 100 x (1 + 10/30) = 133.3; at 5 reps that is 114.3 -> 115 kg, or 250 lb.
    assert squat.weight_kg == 115.0 and squat.weight_basis == "model"
    (pounds,) = build([SQUAT], 1, "strength", "advanced", set(), suggestion, UnitSystem.imperial)
    assert from_si(pounds.weight_kg, Quantity.weight, UnitSystem.imperial) == 250.0
    assert run.reps is None and run.duration_s == 1200 and run.weight_kg is None
    beginner = build([SQUAT], 1, "muscle_gain", "beginner", set(), {}, UnitSystem.metric)[0]
    assert (beginner.sets, beginner.reps, beginner.weight_kg) == (3, 10, None)


def test_similar_users_index_finds_the_closest_people_but_never_the_person():
    profiles = pd.DataFrame(
        {
            "user_id": [1, 2, 3],
            "fitness_goal": ["strength", "strength", "endurance"],
            "experience_level": ["advanced", "advanced", "beginner"],
            "share_strength": [1.0, 0.9, 0.1],
            "share_cardio": [0.0, 0.1, 0.9],
            "share_flexibility": [0, 0, 0],
            "share_balance": [0, 0, 0],
            "sessions_per_week_4w": [4, 3, 2],
        }
    )
    interactions = pd.DataFrame({"user_id": [1, 2, 3], "exercise_id": [10, 10, 20], "sessions_count": [5, 4, 6]})
    index = SimilarUsersIndex.fit(profiles, interactions)
    found = index.neighbours(1, 5)
    assert [u for u, _ in found] == [2, 3]
    assert found[0][1] > found[1][1]
    assert index.neighbours(99, 5) == []


def test_progression_trains_on_a_real_history_without_rpe():
    """The real Strong export has no RPE at all: an all-missing feature must not stop training."""
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from api.imports.formats import ExportReader, ReadOptions
    from recsys.sessions import LoggedSet, top_set

    path = Path(__file__).resolve().parents[1] / "fixtures" / "real-logs" / "strong_export_kyriakakis.csv"
    rows, ids = [], {}
    for number, session in enumerate(ExportReader(path, ReadOptions(ZoneInfo("UTC"), UnitSystem.metric)).sessions()):
        for position, exercise in enumerate(session.exercises):
            logged = [LoggedSet(i, s.set_type == "warmup", float(s.weight_kg) if s.weight_kg else None, s.reps, None) for i, s in enumerate(exercise.sets, 1)]
            best = top_set(logged)
            if best is not None:
                exercise_id = ids.setdefault(exercise.name, len(ids))
                rows.append((1, number, session.started_at, exercise_id, best.weight_kg, best.reps, best.rpe, session.title, position))
    columns = ["user_id", "workout_id", "completed_at", "exercise_id", "top_set_weight_kg", "top_set_reps", "top_set_rpe", "workout_name",
               "exercise_position"]
    frame = pd.DataFrame(rows, columns=columns)
    assert frame["top_set_rpe"].isna().all() and len(frame) > 200
    evaluation = fit_and_evaluate(frame)
    assert evaluation.model is not None and evaluation.predictions > 10 and all(np.isfinite(v) for v in evaluation.mae_kg.values())


def test_a_suggestion_never_jumps_further_than_the_person_ever_has():
    from recsys.progression import heaviest_next, suggest

    class Glitch:  # a model that predicts twice the last weight
        def predict(self, frame):
            return np.full(len(frame), 2.0)

    steady = [TopSet(100.0, 5), TopSet(102.5, 5), TopSet(105.0, 5)]
    assert heaviest_next(steady) == 105.0 + 10.5  # a tenth of the load (more than 5 kg)
    assert suggest(steady, Glitch()).weight_kg == 115.5
    light = [TopSet(20.0, 10), TopSet(20.0, 10)]
    assert suggest(light, Glitch()).weight_kg == 25.0  # 5 kg
    jumper = [TopSet(60.0, 5), TopSet(80.0, 5), TopSet(80.0, 5)]
    assert suggest(jumper, Glitch()).weight_kg == 100.0  # their own jump of 20 kg
