"""Weights far outside a person's history are asked about before they are stored: a set at more
than twice the heaviest working weight the person ever logged on that exercise is most often a
typo or a unit mix-up (225 typed in kg by someone who lifts in pounds), and would otherwise
become a personal record, a goal reached, and a model's training example. The request is
refused with a 422 naming the weight; sent again with `confirm_unusual: true` it is stored."""

from collections.abc import Iterable
from decimal import Decimal

from fastapi.exceptions import RequestValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.enums import SetType, UnitSystem
from api.models import Workout, WorkoutExercise, WorkoutSet
from pulse.units import UNIT_LABELS, Quantity, from_si, to_si

IMPLAUSIBLE_FACTOR = Decimal(2)
ERROR_TYPE = "implausible_weight"


def best_weights(session: Session, user_id: int, exercise_ids: Iterable[int]) -> dict[int, Decimal]:
    """The heaviest working weight (kg) the person logged on each exercise, any workout."""
    ids = set(exercise_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(WorkoutExercise.exercise_id, func.max(WorkoutSet.weight_kg))
        .join(WorkoutSet, WorkoutSet.workout_exercise_id == WorkoutExercise.id)
        .join(Workout, Workout.id == WorkoutExercise.workout_id)
        .where(Workout.user_id == user_id, WorkoutExercise.exercise_id.in_(ids), WorkoutSet.set_type != SetType.warmup,
               WorkoutSet.weight_kg > 0)
        .group_by(WorkoutExercise.exercise_id)
    )
    return {exercise_id: best for exercise_id, best in rows}


def refuse_implausible(candidates: list[tuple[tuple, int, Decimal | None, bool]], best: dict[int, Decimal], units: UnitSystem) -> None:
    """`candidates`: (location of the weight in the request, exercise id, weight in kg, confirmed).
    Raises one 422 listing every unconfirmed weight above IMPLAUSIBLE_FACTOR x the best."""
    errors = []
    for loc, exercise_id, weight_kg, confirmed in candidates:
        top = best.get(exercise_id)
        if confirmed or weight_kg is None or top is None or weight_kg <= IMPLAUSIBLE_FACTOR * top:
            continue
        unit = UNIT_LABELS[units][Quantity.weight]
        typed, best_shown = from_si(weight_kg, Quantity.weight, units), from_si(top, Quantity.weight, units)
        other = UnitSystem.imperial if units == UnitSystem.metric else UnitSystem.metric
        as_other = from_si(to_si(typed, Quantity.weight, other), Quantity.weight, units)
        errors.append({
            "type": ERROR_TYPE, "loc": ("body", *loc),
            "msg": f"{typed:g} {unit} is more than {IMPLAUSIBLE_FACTOR} times your best on this exercise ({best_shown:g} {unit}). "
                   f"If you meant {typed:g} {UNIT_LABELS[other][Quantity.weight]}, that is {as_other:g} {unit}; "
                   "if it is right, send it again with confirm_unusual: true.",
            "input": typed,
            "ctx": {"best": best_shown, "if_other_unit": as_other},
        })
    if errors:
        raise RequestValidationError(errors)
