"""Personal records per exercise, computed from a person's performed sets in completed workouts.

Warm-up sets never count. The 1RM estimate is Epley's (pulse.formulas)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.enums import SetType, WorkoutStatus
from api.models import Exercise, Workout, WorkoutExercise, WorkoutSet
from pulse.formulas import estimated_one_rep_max


@dataclass
class Record:
    value: float
    achieved_at: datetime
    workout_id: int


@dataclass
class ExerciseRecords:
    exercise_id: int
    exercise_name: str
    best_estimated_1rm_kg: Record | None = None
    heaviest_weight_kg: Record | None = None
    most_reps: Record | None = None
    most_volume_kg: Record | None = None  # weight x reps over one workout's working sets


def _better(current: Record | None, value: float | None, at: datetime, workout_id: int) -> Record | None:
    if value is None or value <= 0:
        return current
    if current is None or value > current.value:
        return Record(value, at, workout_id)
    return current


def personal_records(session: Session, user_id: int, exercise_id: int | None = None) -> list[ExerciseRecords]:
    query = (
        select(WorkoutSet, WorkoutExercise.exercise_id, Exercise.name, Workout.id, Workout.completed_at)
        .join(WorkoutExercise, WorkoutSet.workout_exercise_id == WorkoutExercise.id)
        .join(Workout, WorkoutExercise.workout_id == Workout.id)
        .join(Exercise, WorkoutExercise.exercise_id == Exercise.id)
        .where(Workout.user_id == user_id, Workout.status == WorkoutStatus.completed, WorkoutSet.set_type != SetType.warmup)
        .order_by(Workout.completed_at, WorkoutSet.set_index)
    )
    if exercise_id is not None:
        query = query.where(WorkoutExercise.exercise_id == exercise_id)
    records: dict[int, ExerciseRecords] = {}
    session_volume: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    session_time: dict[int, datetime] = {}
    for s, ex_id, ex_name, workout_id, completed_at in session.execute(query):
        r = records.setdefault(ex_id, ExerciseRecords(ex_id, ex_name))
        weight = float(s.weight_kg) if s.weight_kg is not None else None
        r.best_estimated_1rm_kg = _better(r.best_estimated_1rm_kg, estimated_one_rep_max(weight, s.reps), completed_at, workout_id)
        if s.reps:
            r.heaviest_weight_kg = _better(r.heaviest_weight_kg, weight, completed_at, workout_id)
        r.most_reps = _better(r.most_reps, s.reps, completed_at, workout_id)
        if s.weight_kg is not None and s.reps:
            session_volume[(ex_id, workout_id)] += s.weight_kg * s.reps
        session_time[workout_id] = completed_at
    for (ex_id, workout_id), volume in session_volume.items():
        r = records[ex_id]
        r.most_volume_kg = _better(r.most_volume_kg, float(volume), session_time[workout_id], workout_id)
    return sorted(records.values(), key=lambda r: r.exercise_name)


def best_estimated_1rm_kg(session: Session, user_id: int, exercise_id: int) -> float | None:
    found = personal_records(session, user_id, exercise_id)
    return found[0].best_estimated_1rm_kg.value if found and found[0].best_estimated_1rm_kg else None
