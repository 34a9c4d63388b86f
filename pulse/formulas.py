"""Training formulas shared by the API and the pipelines (inputs and outputs in SI units)."""

from collections.abc import Iterable
from dataclasses import dataclass

# Epley's estimate loses accuracy past about a dozen reps; such sets get no 1RM estimate.
MAX_REPS_FOR_1RM = 12
# Body weight assumed for calories when a person has never logged one (kg).
DEFAULT_BODY_WEIGHT_KG = 70.0


def estimated_one_rep_max(weight_kg: float | None, reps: int | None) -> float | None:
    """Epley (1985): 1RM = w * (1 + reps / 30); a single is its own 1RM."""
    if weight_kg is None or reps is None or reps < 1 or reps > MAX_REPS_FOR_1RM or weight_kg <= 0:
        return None
    if reps == 1:
        return float(weight_kg)
    return float(weight_kg) * (1 + reps / 30)


def weight_for_reps(one_rep_max_kg: float, reps: float) -> float:
    """Epley solved for the weight: what `reps` reps take at this estimated 1RM (a single is the
    1RM itself). Moves a weight between rep targets through the same estimate."""
    if reps <= 1:
        return float(one_rep_max_kg)
    return float(one_rep_max_kg) / (1 + reps / 30)


def reps_at_weight(one_rep_max_kg: float, weight_kg: float) -> float:
    """Epley solved for the reps: how many a fresh lifter with this 1RM can do at `weight_kg`
    (weight above 0; 0 reps at or above the 1RM)."""
    return max(0.0, 30 * (one_rep_max_kg / weight_kg - 1))


@dataclass(frozen=True)
class ExerciseEffort:
    """What calorie estimation needs to know about one exercise in a workout."""

    met: float
    set_count: int
    timed_seconds: float  # sum of the durations logged on its sets (0 when none)


def workout_calories(efforts: Iterable[ExerciseEffort], duration_s: float, body_weight_kg: float | None) -> float:
    """kcal = MET x body weight (kg) x hours, exercise by exercise.

    Exercises whose sets carry durations (a 30-minute run) get that time; the rest of the
    workout's time is shared among the other exercises in proportion to their set counts.
    """
    weight = body_weight_kg if body_weight_kg and body_weight_kg > 0 else DEFAULT_BODY_WEIGHT_KG
    efforts = [e for e in efforts if e.set_count > 0]
    timed = [e for e in efforts if e.timed_seconds > 0]
    untimed = [e for e in efforts if e.timed_seconds <= 0]
    timed_s = sum(e.timed_seconds for e in timed)
    # Sets cannot take longer than the workout they are in: logged durations beyond it are shrunk
    # to fit (and the calories stay within what the session could burn).
    fit = duration_s / timed_s if timed_s > duration_s > 0 else 1.0
    kcal = sum(e.met * weight * e.timed_seconds * fit / 3600 for e in timed)
    remaining_s = max(0.0, duration_s - timed_s)
    untimed_sets = sum(e.set_count for e in untimed)
    if untimed_sets:
        kcal += sum(e.met * weight * remaining_s * e.set_count / untimed_sets / 3600 for e in untimed)
    return round(kcal, 1)
