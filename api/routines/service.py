"""Routines: workout templates to start workouts from, made by hand, from a workout, or from the
titles of imported workouts (a title that recurs is a routine)."""

from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.enums import SetType, UnitSystem, WorkoutStatus
from api.exercises.service import get_visible
from api.models import Routine, RoutineExercise, User, Workout, WorkoutExercise
from api.routines.schemas import RoutineCreate, RoutineOut, RoutineUpdate
from api.workouts.schemas import ExerciseTargets, PlannedExerciseOut
from api.workouts.service import get_own as get_own_workout
from api.workouts.service import targets_in, targets_out


def routine_out(session: Session, routine: Routine, units: UnitSystem) -> RoutineOut:
    done = select(func.count(), func.max(Workout.completed_at)).where(
        Workout.routine_id == routine.id, Workout.status == WorkoutStatus.completed
    )
    times, last = session.execute(done).one()
    return RoutineOut(
        id=routine.id, name=routine.name, notes=routine.notes,
        exercises=[PlannedExerciseOut(**targets_out(e, e.exercise.name, units)) for e in routine.exercises],
        times_done=times, last_done_at=last, created_at=routine.created_at, updated_at=routine.updated_at,
    )


def get_own(session: Session, user: User, routine_id: int) -> Routine:
    routine = session.get(Routine, routine_id)
    if routine is None or routine.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"routine {routine_id} not found")
    return routine


def list_routines(session: Session, user: User) -> list[Routine]:
    return list(session.scalars(select(Routine).where(Routine.user_id == user.id).order_by(func.lower(Routine.name), Routine.id)))


def _set_exercises(session: Session, user: User, routine: Routine, planned: list[ExerciseTargets], units: UnitSystem) -> None:
    routine.exercises.clear()
    session.flush()
    for position, data in enumerate(planned, start=1):
        get_visible(session, user, data.exercise_id)  # 404 for unknown ids and other people's customs
        routine.exercises.append(RoutineExercise(position=position, is_synthetic=user.is_synthetic, **targets_in(data, units)))


def _commit(session: Session, name: str) -> None:
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if "uq_routines_user_id_name" in str(error.orig):
            raise HTTPException(status.HTTP_409_CONFLICT, detail=f"name: you already have a routine called {name!r}") from error
        raise


def create_routine(session: Session, user: User, data: RoutineCreate, units: UnitSystem) -> Routine:
    routine = Routine(user_id=user.id, name=data.name, notes=data.notes, is_synthetic=user.is_synthetic)
    session.add(routine)
    _set_exercises(session, user, routine, data.exercises, units)
    _commit(session, data.name)
    return routine


def update_routine(session: Session, user: User, routine_id: int, data: RoutineUpdate, units: UnitSystem) -> Routine:
    routine = get_own(session, user, routine_id)
    changes = data.model_dump(exclude_unset=True, exclude={"exercises"})
    for name, value in changes.items():
        setattr(routine, name, value)
    if data.exercises is not None:
        _set_exercises(session, user, routine, data.exercises, units)
    _commit(session, routine.name)
    return routine


def delete_routine(session: Session, user: User, routine_id: int) -> None:
    session.delete(get_own(session, user, routine_id))
    session.commit()


def _planned_from(entry: WorkoutExercise) -> RoutineExercise:
    """What a workout's exercise says to plan next time: its working sets, the reps of the last
    one, the heaviest weight, the longest duration and distance."""
    working = [s for s in entry.sets if s.set_type != SetType.warmup] or list(entry.sets)
    weights = [s.weight_kg for s in working if s.weight_kg is not None]
    return RoutineExercise(
        exercise_id=entry.exercise_id, position=entry.position,
        target_sets=len(working) or entry.target_sets,
        target_reps=next((s.reps for s in reversed(working) if s.reps), entry.target_reps),
        target_weight_kg=max(weights) if weights else entry.target_weight_kg,
        target_duration_s=max((s.duration_s for s in working if s.duration_s), default=entry.target_duration_s),
        target_distance_m=max((s.distance_m for s in working if s.distance_m), default=entry.target_distance_m),
        rest_seconds=entry.rest_seconds, speed_kmh=entry.speed_kmh, incline_pct=entry.incline_pct, notes=entry.notes,
        is_synthetic=entry.is_synthetic,
    )


def from_workout(session: Session, user: User, workout_id: int, name: str | None) -> Routine:
    workout = get_own_workout(session, user, workout_id)
    routine = Routine(user_id=user.id, name=name or workout.name, is_synthetic=user.is_synthetic)
    routine.exercises = [_planned_from(entry) for entry in workout.exercises]
    session.add(routine)
    _commit(session, routine.name)
    if workout.routine_id is None:
        workout.routine_id = routine.id
        session.commit()
    return routine


def start(session: Session, user: User, routine_id: int) -> Workout:
    """A workout in progress, named after the routine, with its exercises and targets."""
    routine = get_own(session, user, routine_id)
    workout = Workout(
        user_id=user.id, name=routine.name, notes=routine.notes, status=WorkoutStatus.in_progress,
        started_at=datetime.now(UTC), routine_id=routine.id, is_synthetic=user.is_synthetic,
    )
    for planned in routine.exercises:
        workout.exercises.append(WorkoutExercise(is_synthetic=user.is_synthetic, **planned.planned()))
    session.add(workout)
    session.commit()
    return workout


def group_by_title(session: Session, user: User) -> int:
    """Completed workouts that share a title, and belong to no routine yet, join the routine of
    that name, made from the latest of them when the person has none. A title seen once is no
    routine. Returns the routines made. Reads ids and titles only: a long history stays on disk."""
    loose = session.execute(
        select(Workout.id, Workout.name).where(
            Workout.user_id == user.id, Workout.status == WorkoutStatus.completed, Workout.routine_id.is_(None)
        ).order_by(Workout.completed_at, Workout.id)
    ).all()
    members: dict[str, list[int]] = {}
    for workout_id, title in loose:
        members.setdefault(title.strip().lower(), []).append(workout_id)
    existing = {r.name.strip().lower(): r for r in list_routines(session, user)}
    made = 0
    for key, ids in members.items():
        routine = existing.get(key)
        if routine is None and len(ids) < 2:
            continue
        if routine is None:
            latest = session.get(Workout, ids[-1])
            routine = Routine(user_id=user.id, name=latest.name, is_synthetic=user.is_synthetic)
            routine.exercises = [_planned_from(entry) for entry in latest.exercises]
            session.add(routine)
            session.flush()
            session.expunge(latest)
            made += 1
        session.execute(update(Workout).where(Workout.id.in_(ids)).values(routine_id=routine.id))
    return made
