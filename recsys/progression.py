"""What to lift next time: the suggested weight and reps for the next session of one exercise.

The model (gradient-boosted trees, fitted by pipelines/ml/progression.py to minimise absolute
error) predicts the next top set's weight as a ratio of the last one, from the person's recent
top sets: how the weight moved, the estimated-1RM trend (a drop below the recent best reads as a
deload to come back from), reps and RPE. It is compared on held-out sessions with three
baselines: repeating the last top set, classic linear progression (last weight plus one step),
and the percentage formula (the best estimated 1RM of the last three sessions, as the weight for
the last reps by Epley).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

# pandas only when a model is asked (its frame): the API imports the rules here and must stay light.
if TYPE_CHECKING:
    import pandas as pd

from pulse.formulas import weight_for_reps
from pulse.units import PLATE_STEP, UnitSystem, to_plates
from recsys.sessions import TOP_SET_SESSIONS, TopSet

METRIC_STEP_KG = float(PLATE_STEP[UnitSystem.metric])
# The largest step up a suggestion may take from the last top set (see heaviest_next): two metric
# plate steps (5 kg, about two 5 lb steps for a pound lifter) or a tenth of the load.
MAX_STEP_KG = 2 * METRIC_STEP_KG
MAX_STEP_SHARE = 0.10
# How many past sessions the features look at.
WINDOW = 5
NAN = float("nan")
FEATURES = (
    "weight_ratio_1_back", "weight_ratio_2_back", "weight_ratio_3_back", "weight_ratio_4_back",
    "recent_peak_ratio", "last_reps", "reps_change", "last_rpe", "previous_rpe",
    "e1rm_vs_recent_best", "sessions_seen", "last_weight_kg",
)


@dataclass(frozen=True)
class Suggestion:
    weight_kg: float
    reps: int
    basis: str  # "model" or "repeat_last"


def features(history: Sequence[TopSet]) -> list[float]:
    """One row of FEATURES from the top sets so far (oldest first, at least one). Nothing before
    the last TOP_SET_SESSIONS changes the row: that is all serving reads."""
    if not history:
        raise ValueError("history must hold at least one top set")
    weights = [s.weight_kg for s in history]
    last = weights[-1]
    recent = history[-WINDOW:]

    def ratio(back: int) -> float:
        return weights[-back - 1] / last if len(weights) > back else 1.0

    rpe = [NAN if s.rpe is None else s.rpe for s in history]
    return [
        ratio(1), ratio(2), ratio(3), ratio(4),
        max(s.weight_kg for s in recent) / last,
        float(history[-1].reps),
        float(history[-1].reps - history[-2].reps) if len(history) > 1 else 0.0,
        rpe[-1],
        rpe[-2] if len(rpe) > 1 else NAN,
        history[-1].estimated_1rm_kg / max(s.estimated_1rm_kg for s in recent),
        float(min(len(history), TOP_SET_SESSIONS)),
        last,
    ]


def feature_frame(histories: Sequence[Sequence[TopSet]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([features(h) for h in histories], columns=list(FEATURES))


def suggest(history: Sequence[TopSet], model=None) -> Suggestion:
    """Weight and reps for the next session, as predicted (the API rounds to the person's plates).
    Without a trained model the suggestion is the last top set again."""
    last = history[-1]
    if model is None:
        return Suggestion(last.weight_kg, last.reps, "repeat_last")
    ratio = float(model.predict(feature_frame([history]))[0])
    return Suggestion(min(last.weight_kg * ratio, heaviest_next(history)), last.reps, "model")


def heaviest_next(history: Sequence[TopSet]) -> float:
    """The most a suggestion may add to the last top set: MAX_STEP_KG or MAX_STEP_SHARE of it,
    whichever is more, unless the person's own history holds a bigger jump between two sessions.
    A model's glitch must never prescribe a dangerous load."""
    last = history[-1].weight_kg
    biggest_jump = max((b.weight_kg - a.weight_kg for a, b in zip(history, history[1:], strict=False)), default=0.0)
    return last + max(MAX_STEP_KG, MAX_STEP_SHARE * last, biggest_jump)


def served(weight_kg: float, system: UnitSystem = UnitSystem.metric) -> float:
    """What a person is shown: the weight on whole plate steps of their unit."""
    return float(to_plates(weight_kg, system))


# ---- the baselines it is compared with ----------------------------------------------------------


def repeat_last(history: Sequence[TopSet]) -> float:
    return history[-1].weight_kg


def linear_progression(history: Sequence[TopSet], step_kg: float = METRIC_STEP_KG) -> float:
    return history[-1].weight_kg + step_kg


def epley_formula(history: Sequence[TopSet]) -> float:
    best = max(s.estimated_1rm_kg for s in history[-3:])
    return weight_for_reps(best, history[-1].reps)
