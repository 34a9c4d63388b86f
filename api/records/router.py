from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import CurrentUser, SessionDep, UnitsDep
from api.enums import UnitSystem
from api.exercises.service import get_visible
from api.records.service import ExerciseRecords, Record, personal_records
from api.schemas import PathId
from pulse.units import Quantity, from_si

router = APIRouter(prefix="/records", tags=["records"])


class RecordOut(BaseModel):
    value: float
    achieved_at: datetime
    workout_id: int


class ExerciseRecordsOut(BaseModel):
    exercise_id: int
    exercise_name: str
    best_estimated_1rm: RecordOut | None = Field(description="Epley estimate, kg or lb")
    heaviest_weight: RecordOut | None = Field(description="kg or lb")
    most_reps: RecordOut | None
    most_volume: RecordOut | None = Field(description="weight x reps in one workout, kg or lb")
    units: UnitSystem


def _weight(record: Record | None, units: UnitSystem) -> RecordOut | None:
    if record is None:
        return None
    return RecordOut(value=from_si(record.value, Quantity.weight, units), achieved_at=record.achieved_at, workout_id=record.workout_id)


def _out(r: ExerciseRecords, units: UnitSystem) -> ExerciseRecordsOut:
    return ExerciseRecordsOut(
        exercise_id=r.exercise_id,
        exercise_name=r.exercise_name,
        best_estimated_1rm=_weight(r.best_estimated_1rm_kg, units),
        heaviest_weight=_weight(r.heaviest_weight_kg, units),
        most_reps=RecordOut(**vars(r.most_reps)) if r.most_reps else None,
        most_volume=_weight(r.most_volume_kg, units),
        units=units,
    )


@router.get("", response_model=list[ExerciseRecordsOut])
def list_records(user: CurrentUser, session: SessionDep, units: UnitsDep) -> list[ExerciseRecordsOut]:
    """Your personal records on every exercise you have done, from completed workouts."""
    return [_out(r, units) for r in personal_records(session, user.id)]


@router.get("/{exercise_id}", response_model=ExerciseRecordsOut)
def exercise_records(exercise_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> ExerciseRecordsOut:
    exercise = get_visible(session, user, exercise_id)
    found = personal_records(session, user.id, exercise_id)
    return _out(found[0] if found else ExerciseRecords(exercise.id, exercise.name), units)
