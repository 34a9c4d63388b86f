"""Workouts: planning, logging sets, the status machine, and the totals computed on completion."""

from datetime import UTC, datetime
from decimal import Decimal

from fastapi import HTTPException, status
from sqlalchemy import Row, case, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, raiseload

from api.core.db import fetch_page, insert_rows
from api.enums import Moderation, ReportSubject, SetType, UnitSystem, WorkoutStatus
from api.exercises.service import get_visible, visible_exercises
from api.goals.service import refresh_goals
from api.models import Base, Exercise, Routine, RoutineExercise, User, UserStat, Workout, WorkoutExercise, WorkoutSet
from api.moderation.text import STATE, Judged, judge, queue_held
from api.schemas import invalid
from api.workouts.plausibility import best_weights, refuse_implausible
from api.workouts.schemas import (
    MAX_WORKOUT_LENGTH,
    ExerciseTargets,
    SetIn,
    SetOut,
    SetUpdate,
    WorkoutCreate,
    WorkoutExerciseIn,
    WorkoutExerciseOut,
    WorkoutOut,
    WorkoutSummary,
    WorkoutUpdate,
)
from pulse.formulas import ExerciseEffort, estimated_one_rep_max, workout_calories
from pulse.units import Quantity, from_si, to_si
from serving.client import MlBackend

# Which status each action leads to, from which statuses it is allowed.
TRANSITIONS: dict[str, tuple[set[WorkoutStatus], WorkoutStatus]] = {
    "start": ({WorkoutStatus.scheduled}, WorkoutStatus.in_progress),
    "complete": ({WorkoutStatus.in_progress}, WorkoutStatus.completed),
    "cancel": ({WorkoutStatus.scheduled, WorkoutStatus.in_progress}, WorkoutStatus.cancelled),
}
EDITABLE_PLAN = {WorkoutStatus.scheduled, WorkoutStatus.in_progress}
LOGGABLE = {WorkoutStatus.in_progress, WorkoutStatus.completed}


def next_status(current: WorkoutStatus, action: str) -> WorkoutStatus:
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot {action} a workout that is {current.value}")
    return target


# ---- reading -------------------------------------------------------------------------------


def set_out(s: WorkoutSet, units: UnitSystem) -> SetOut:
    e1rm = estimated_one_rep_max(s.weight_kg, s.reps) if s.set_type != SetType.warmup else None
    return SetOut(
        id=s.id,
        set_index=s.set_index,
        set_type=s.set_type,
        reps=s.reps,
        weight=from_si(s.weight_kg, Quantity.weight, units),
        duration_s=s.duration_s,
        distance=from_si(s.distance_m, Quantity.distance, units),
        rpe=float(s.rpe) if s.rpe is not None else None,
        completed_at=s.completed_at,
        estimated_1rm=from_si(e1rm, Quantity.weight, units),
    )


def targets_out(entry: WorkoutExercise | RoutineExercise | Row, exercise_name: str, units: UnitSystem) -> dict:
    """The planned side of a workout's or a routine's exercise, in `units`."""
    return {
        "id": entry.id, "exercise_id": entry.exercise_id, "exercise_name": exercise_name, "position": entry.position,
        "target_sets": entry.target_sets, "target_reps": entry.target_reps,
        "target_weight": from_si(entry.target_weight_kg, Quantity.weight, units), "target_duration_s": entry.target_duration_s,
        "target_distance": from_si(entry.target_distance_m, Quantity.distance, units), "rest_seconds": entry.rest_seconds,
        "speed": from_si(entry.speed_kmh, Quantity.speed, units),
        "incline_pct": float(entry.incline_pct) if entry.incline_pct is not None else None, "notes": entry.notes,
    }


def targets_in(data: ExerciseTargets, units: UnitSystem) -> dict:
    """Column values (SI) of planned targets given in `units`."""
    return {
        "exercise_id": data.exercise_id, "target_sets": data.target_sets, "target_reps": data.target_reps,
        "target_weight_kg": to_si(data.target_weight, Quantity.weight, units), "target_duration_s": data.target_duration_s,
        "target_distance_m": to_si(data.target_distance, Quantity.distance, units), "rest_seconds": data.rest_seconds,
        "speed_kmh": to_si(data.speed, Quantity.speed, units), "incline_pct": data.incline_pct, "notes": data.notes,
    }


def _summary_fields(w: Workout, units: UnitSystem) -> dict:
    return {
        "id": w.id, "user_id": w.user_id, "client_id": w.client_id, "routine_id": w.routine_id, "name": w.name,
        "description": w.description, "notes": w.notes,
        "status": w.status, "scheduled_for": w.scheduled_for, "started_at": w.started_at, "completed_at": w.completed_at,
        "duration_s": w.duration_s, "total_volume": from_si(w.total_volume_kg, Quantity.weight, units),
        "total_distance": from_si(w.total_distance_m, Quantity.distance, units),
        "calories_kcal": float(w.calories_kcal) if w.calories_kcal is not None else None, "units": units,
        "created_at": w.created_at, "updated_at": w.updated_at,
    }


def _workout_out(w: Workout, exercises: list[WorkoutExerciseOut], units: UnitSystem) -> WorkoutOut:
    return WorkoutOut(
        **_summary_fields(w, units), exercise_count=len(exercises), set_count=sum(len(e.sets) for e in exercises), exercises=exercises
    )


def workout_out(w: Workout, units: UnitSystem) -> WorkoutOut:
    """One workout with its exercises and sets, as loaded with it."""
    exercises = [WorkoutExerciseOut(**targets_out(we, we.exercise.name, units), sets=[set_out(s, units) for s in we.sets]) for we in w.exercises]
    return _workout_out(w, exercises, units)


def workouts_out(session: Session, workouts: list[Workout], units: UnitSystem) -> list[WorkoutOut]:
    """Many workouts with their exercises and sets, read in two statements (not one per workout)."""
    ids = [w.id for w in workouts]
    entries = session.execute(
        select(WorkoutExercise.__table__, Exercise.name.label("exercise_name"))
        .join(Exercise, Exercise.id == WorkoutExercise.exercise_id)
        .where(WorkoutExercise.workout_id.in_(ids))
        .order_by(WorkoutExercise.workout_id, WorkoutExercise.position)
    ).all()
    sets: dict[int, list[SetOut]] = {}
    for s in session.execute(
        select(WorkoutSet.__table__).where(WorkoutSet.workout_exercise_id.in_([e.id for e in entries])).order_by(WorkoutSet.set_index)
    ):
        sets.setdefault(s.workout_exercise_id, []).append(set_out(s, units))
    exercises: dict[int, list[WorkoutExerciseOut]] = {}
    for e in entries:
        exercises.setdefault(e.workout_id, []).append(WorkoutExerciseOut(**targets_out(e, e.exercise_name, units), sets=sets.get(e.id, [])))
    return [_workout_out(w, exercises.get(w.id, []), units) for w in workouts]


def workout_summaries(rows: list[tuple[Workout, int, int]], units: UnitSystem) -> list[WorkoutSummary]:
    """Summaries of list_workouts(..., counted=True) rows."""
    return [WorkoutSummary(**_summary_fields(w, units), exercise_count=entries, set_count=sets) for w, entries, sets in rows]


def workout_date():
    """The date a workout is listed under: when it started, else when it is planned for."""
    return func.coalesce(Workout.started_at, Workout.scheduled_for)


def list_workouts(
    session: Session,
    owner_id: int,
    *,
    status_filter: WorkoutStatus | None,
    date_from: datetime | None,
    date_to: datetime | None,
    limit: int,
    offset: int,
    counted: bool = False,
) -> tuple[list, int]:
    """A page of a person's workouts, newest first, and how many match. `counted`: rows are
    (workout, exercises in it, sets in it), counted by subqueries per workout of the page (they
    follow the indexes; PostgreSQL evaluates them after the LIMIT)."""
    counts = []
    if counted:
        entries = select(func.count()).where(WorkoutExercise.workout_id == Workout.id).scalar_subquery()
        sets = select(func.count()).select_from(WorkoutSet).join(WorkoutExercise).where(WorkoutExercise.workout_id == Workout.id)
        counts = [entries, sets.scalar_subquery()]
    query = select(Workout, *counts).where(Workout.user_id == owner_id)
    if status_filter is not None:
        query = query.where(Workout.status == status_filter)
    if date_from is not None:
        query = query.where(workout_date() >= date_from)
    if date_to is not None:
        query = query.where(workout_date() < date_to)
    # The exercises are not loaded with the page: workouts_out reads them for all of it at once.
    query = query.options(raiseload(Workout.exercises))
    return fetch_page(session, query.order_by(workout_date().desc().nulls_last(), Workout.id.desc()), limit, offset)


def get_own(session: Session, user: User, workout_id: int, lock: bool = False) -> Workout:
    """`lock`: hold the workout row until the transaction ends. Every change to a workout or its
    sets takes it first, so concurrent edits run one after another and the totals computed from
    the sets are never from a stale read."""
    query = select(Workout).where(Workout.id == workout_id)
    if lock:
        query = query.with_for_update(of=Workout).execution_options(populate_existing=True)
    workout = session.scalars(query).first()
    if workout is None or workout.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"workout {workout_id} not found")
    return workout


def _get_own_entry(workout: Workout, workout_exercise_id: int) -> WorkoutExercise:
    entry = next((we for we in workout.exercises if we.id == workout_exercise_id), None)
    if entry is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"exercise entry {workout_exercise_id} not found in this workout")
    return entry


def _get_own_set(workout: Workout, set_id: int) -> WorkoutSet:
    for entry in workout.exercises:
        for s in entry.sets:
            if s.id == set_id:
                return s
    raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"set {set_id} not found in this workout")


# ---- writing -------------------------------------------------------------------------------


def _new_sets(sets: list[SetIn], used: set[int], units: UnitSystem, synthetic: bool, default_time: datetime | None) -> list[WorkoutSet]:
    """Sets (SI, not yet in the session) numbered after the indexes in `used`; 409 for an index
    that is taken."""
    new = []
    for data in sets:
        index = data.set_index or max(used, default=0) + 1
        if index in used:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=f"set_index {index} is already logged for this exercise")
        used.add(index)
        new.append(WorkoutSet(
            set_index=index,
            set_type=data.set_type,
            reps=data.reps,
            weight_kg=to_si(data.weight, Quantity.weight, units),
            duration_s=data.duration_s,
            distance_m=to_si(data.distance, Quantity.distance, units),
            rpe=data.rpe,
            completed_at=data.completed_at or default_time or datetime.now(UTC),
            is_synthetic=synthetic,
        ))
    return new


def _add_sets(entry: WorkoutExercise, sets: list[SetIn], units: UnitSystem, synthetic: bool, default_time: datetime | None) -> list[WorkoutSet]:
    added = _new_sets(sets, {s.set_index for s in entry.sets}, units, synthetic, default_time)
    entry.sets.extend(added)
    return added


def _new_entry(user: User, workout: Workout, data: WorkoutExerciseIn, exercise: Exercise, units: UnitSystem) -> WorkoutExercise:
    entry = WorkoutExercise(
        position=max((we.position for we in workout.exercises), default=0) + 1, is_synthetic=user.is_synthetic,
        exercise=exercise, **targets_in(data, units),
    )
    workout.exercises.append(entry)
    _add_sets(entry, data.sets, units, user.is_synthetic, workout.completed_at)
    return entry


def _lock_own_routine(session: Session, user: User, routine_id: int) -> None:
    """404 naming `routine_id` unless it is one of the person's routines. The row is locked FOR KEY
    SHARE until the commit, so a routine deleted meanwhile waits and then unlinks the workout (the
    foreign key is ON DELETE SET NULL) instead of failing the upload."""
    found = session.scalar(
        select(Routine.id).where(Routine.id == routine_id, Routine.user_id == user.id).with_for_update(key_share=True)
    )
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"routine_id: routine {routine_id} not found among your routines")


def create_workout(
    session: Session, user: User, data: WorkoutCreate, units: UnitSystem, judged: Judged | None = None
) -> tuple[WorkoutOut, bool]:
    """The new workout and True, or the earlier upload with the same client_id and False.
    `judged`: what moderation said of its text (others see the text only when allowed).

    The rows are written with one INSERT per table, totals included, and the answer is built from
    what was written: a logged workout's time went on statements, each a round trip."""
    if data.client_id is not None and (existing := _uploaded_before(session, user, data.client_id)) is not None:
        return workouts_out(session, [existing], units)[0], False
    if data.routine_id is not None:
        _lock_own_routine(session, user, data.routine_id)
    exercises = visible_exercises(session, user, [entry.exercise_id for entry in data.exercises])
    refuse_implausible(
        [(("exercises", i, "sets", j, "weight"), entry.exercise_id, to_si(s.weight, Quantity.weight, units), s.confirm_unusual)
         for i, entry in enumerate(data.exercises) for j, s in enumerate(entry.sets) if s.set_type != SetType.warmup],
        best_weights(session, user.id, [entry.exercise_id for entry in data.exercises if entry.sets]), units,
    )
    workout = Workout(
        user_id=user.id, client_id=data.client_id, routine_id=data.routine_id, name=data.name, description=data.description,
        notes=data.notes, status=data.status,
        scheduled_for=data.scheduled_for,
        started_at=data.started_at or (datetime.now(UTC) if data.status == WorkoutStatus.in_progress else None),
        completed_at=data.completed_at, is_synthetic=user.is_synthetic,
        text_moderation=STATE[judged[0].decision] if judged else Moderation.allowed,
    )
    entries = [
        (WorkoutExercise(position=position, is_synthetic=user.is_synthetic, **targets_in(entry, units)),
         _new_sets(entry.sets, set(), units, user.is_synthetic, data.completed_at))
        for position, entry in enumerate(data.exercises, start=1)
    ]
    if data.status == WorkoutStatus.completed:
        body_weight = _body_weight_at(session, user, data.completed_at)
        totals = _totals(data.started_at, data.completed_at, [(exercises[e.exercise_id].met_value, sets) for e, sets in entries], body_weight)
        for column, value in totals.items():
            setattr(workout, column, value)
    # A retry racing the first upload of the same client_id waits for it here, then finds it.
    written = session.execute(
        pg_insert(Workout).values(_columns(workout, Workout)).on_conflict_do_nothing(index_elements=["user_id", "client_id"])
        .returning(Workout.id, Workout.created_at, Workout.updated_at)
    ).one_or_none()
    if written is None:
        session.rollback()
        return workouts_out(session, [_uploaded_before(session, user, data.client_id)], units)[0], False
    workout.id, workout.created_at, workout.updated_at = written
    if entries:
        for entry, _ in entries:
            entry.workout_id = workout.id
        entry_rows = [_columns(entry, WorkoutExercise) for entry, _ in entries]
        entry_ids = dict(insert_rows(session, WorkoutExercise.__table__, entry_rows, ("position", "id")))
        for entry, sets in entries:
            entry.id = entry_ids[entry.position]
            for s in sets:
                s.workout_exercise_id = entry.id
        sets = [s for _, entry_sets in entries for s in entry_sets]
        if sets:
            set_ids = {
                (entry_id, index): set_id
                for entry_id, index, set_id in insert_rows(session, WorkoutSet.__table__, [_columns(s, WorkoutSet) for s in sets], (
                    "workout_exercise_id", "set_index", "id"))
            }
            for s in sets:
                s.id = set_ids[s.workout_exercise_id, s.set_index]
    if data.status == WorkoutStatus.completed:
        refresh_goals(session, user)
    if workout.text_moderation == Moderation.held:
        queue_held(session, *judged, ReportSubject.workout, user.id, user.is_synthetic, workout_id=workout.id)
    session.commit()
    exercises_out = [
        WorkoutExerciseOut(**targets_out(entry, exercises[entry.exercise_id].name, units), sets=[set_out(s, units) for s in sets])
        for entry, sets in entries
    ]
    return _workout_out(workout, exercises_out, units), True


def _uploaded_before(session: Session, user: User, client_id) -> Workout | None:
    return session.scalar(
        select(Workout).where(Workout.user_id == user.id, Workout.client_id == client_id).options(raiseload(Workout.exercises))
    )


def _columns(row: Base, model: type[Base]) -> dict:
    """The column values set on a new (transient) row, for an INSERT."""
    return {column: value for column, value in vars(row).items() if column in model.__table__.columns}


def update_workout(session: Session, user: User, workout_id: int, data: WorkoutUpdate, ml: MlBackend) -> Workout:
    workout = get_own(session, user, workout_id, lock=True)
    changes = data.model_dump(exclude_unset=True)
    if "scheduled_for" in changes and workout.status != WorkoutStatus.scheduled:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"scheduled_for cannot change once a workout is {workout.status.value}")
    for name, value in changes.items():
        setattr(workout, name, value)
    if changes.keys() & {"name", "description", "notes"}:
        verdict, version = judge(ml, workout.name, workout.description, workout.notes)
        workout.text_moderation = STATE[verdict.decision]
        if workout.text_moderation == Moderation.held:
            queue_held(session, verdict, version, ReportSubject.workout, user.id, user.is_synthetic, workout_id=workout.id)
    session.commit()
    return workout


def delete_workout(session: Session, user: User, workout_id: int) -> None:
    workout = get_own(session, user, workout_id, lock=True)
    was_completed = workout.status == WorkoutStatus.completed
    session.delete(workout)
    session.flush()
    if was_completed:
        refresh_goals(session, user)
    session.commit()


def transition(session: Session, user: User, workout_id: int, action: str) -> Workout:
    workout = get_own(session, user, workout_id, lock=True)
    workout.status = next_status(workout.status, action)
    now = datetime.now(UTC)
    if action == "start":
        workout.started_at = now
    elif action == "complete":
        if now - workout.started_at > MAX_WORKOUT_LENGTH:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                detail=f"started_at: this workout began more than {MAX_WORKOUT_LENGTH.total_seconds() / 3600:.0f} hours ago; "
                "cancel it, or log it with its real times (POST /workouts)",
            )
        workout.completed_at = max(now, workout.started_at)
        _finish(session, user, workout)
    session.commit()
    return workout


def add_exercise(session: Session, user: User, workout_id: int, data: WorkoutExerciseIn, units: UnitSystem) -> Workout:
    workout = get_own(session, user, workout_id, lock=True)
    if workout.status not in EDITABLE_PLAN:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot add exercises to a workout that is {workout.status.value}")
    if data.sets and workout.status != WorkoutStatus.in_progress:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="sets can only be logged once the workout has started")
    # 404 for unknown ids and other people's customs
    _new_entry(user, workout, data, get_visible(session, user, data.exercise_id), units)
    session.commit()
    return workout


def remove_exercise(session: Session, user: User, workout_id: int, workout_exercise_id: int) -> Workout:
    workout = get_own(session, user, workout_id, lock=True)
    entry = _get_own_entry(workout, workout_exercise_id)
    if workout.status not in EDITABLE_PLAN:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot change the exercises of a workout that is {workout.status.value}")
    workout.exercises.remove(entry)
    session.commit()
    return workout


def log_set(session: Session, user: User, workout_id: int, workout_exercise_id: int, data: SetIn, units: UnitSystem) -> WorkoutSet:
    workout = get_own(session, user, workout_id, lock=True)
    entry = _get_own_entry(workout, workout_exercise_id)
    if workout.status not in LOGGABLE:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot log sets on a workout that is {workout.status.value}; start it first")
    if data.set_type != SetType.warmup:
        refuse_implausible([(("weight",), entry.exercise_id, to_si(data.weight, Quantity.weight, units), data.confirm_unusual)],
                           best_weights(session, user.id, [entry.exercise_id]), units)
    (new,) = _add_sets(entry, [data], units, user.is_synthetic, workout.completed_at)
    _refresh_totals_if_completed(session, user, workout)
    session.commit()
    return new


def update_set(session: Session, user: User, workout_id: int, set_id: int, data: SetUpdate, units: UnitSystem) -> WorkoutSet:
    workout = get_own(session, user, workout_id, lock=True)
    s = _get_own_set(workout, set_id)
    if workout.status not in LOGGABLE:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot change sets of a workout that is {workout.status.value}")
    changes = data.model_dump(exclude_unset=True, exclude={"confirm_unusual"})
    if changes.get("weight") is not None and changes.get("set_type", s.set_type) != SetType.warmup:
        weight_kg = to_si(changes["weight"], Quantity.weight, units)
        refuse_implausible([(("weight",), s.workout_exercise.exercise_id, weight_kg, data.confirm_unusual)],
                           best_weights(session, user.id, [s.workout_exercise.exercise_id]), units)
    converted = {"weight": ("weight_kg", Quantity.weight), "distance": ("distance_m", Quantity.distance)}
    for name, value in changes.items():
        if name in converted:
            column, quantity = converted[name]
            setattr(s, column, to_si(value, quantity, units))
        else:
            setattr(s, name, value)
    if s.reps is None and s.duration_s is None and s.distance_m is None:
        raise invalid("reps", "a set needs at least one of reps, duration_s or distance")
    _refresh_totals_if_completed(session, user, workout)
    session.commit()
    return s


def delete_set(session: Session, user: User, workout_id: int, set_id: int) -> None:
    workout = get_own(session, user, workout_id, lock=True)
    s = _get_own_set(workout, set_id)
    if workout.status not in LOGGABLE:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"cannot change sets of a workout that is {workout.status.value}")
    s.workout_exercise.sets.remove(s)
    _refresh_totals_if_completed(session, user, workout)
    session.commit()


# ---- totals --------------------------------------------------------------------------------


def _body_weight_at(session: Session, user: User, moment: datetime) -> float | None:
    """The latest body weight logged up to `moment`, else the earliest one logged after it."""
    after = UserStat.recorded_at > moment
    weight = session.scalar(
        select(UserStat.weight_kg)
        .where(UserStat.user_id == user.id, UserStat.weight_kg.is_not(None))
        .order_by(after, case((after, None), else_=UserStat.recorded_at).desc(), UserStat.recorded_at)
        .limit(1)
    )
    return float(weight) if weight is not None else None


def _finish(session: Session, user: User, workout: Workout) -> None:
    """Compute duration, volume, distance and calories of a completed workout; update goals."""
    apply_totals(session, user, workout)
    refresh_goals(session, user)


def apply_totals(session: Session, user: User, workout: Workout) -> None:
    """Duration, volume, distance and calories of a completed workout (goals are the caller's),
    from its sets as they are in the session; written with them in one flush."""
    with session.no_autoflush:
        body_weight = _body_weight_at(session, user, workout.completed_at)
    entries = [(we.exercise.met_value, we.sets) for we in workout.exercises]
    for column, value in _totals(workout.started_at, workout.completed_at, entries, body_weight).items():
        setattr(workout, column, value)
    session.flush()


def _totals(started_at: datetime, completed_at: datetime, entries: list[tuple[Decimal, list[WorkoutSet]]], body_weight: float | None) -> dict:
    """The derived columns of a completed workout from its exercises' MET values and sets."""
    if completed_at - started_at > MAX_WORKOUT_LENGTH:  # every way in checks first; the columns rely on it
        raise invalid("completed_at", "a workout lasts at most 48 hours")
    duration_s = int((completed_at - started_at).total_seconds())
    sets = [s for _, entry_sets in entries for s in entry_sets]
    efforts = [
        ExerciseEffort(met=float(met), set_count=len(entry_sets), timed_seconds=float(sum(s.duration_s or 0 for s in entry_sets)))
        for met, entry_sets in entries
    ]
    return {
        "duration_s": duration_s,
        # Warm-up sets prepare for the work; they are not part of the training volume.
        "total_volume_kg": sum(
            (s.weight_kg * s.reps for s in sets if s.set_type != SetType.warmup and s.weight_kg is not None and s.reps is not None), start=0
        ),
        "total_distance_m": sum((s.distance_m for s in sets if s.distance_m is not None), start=0),
        "calories_kcal": workout_calories(efforts, duration_s, body_weight),
    }


def _refresh_totals_if_completed(session: Session, user: User, workout: Workout) -> None:
    if workout.status == WorkoutStatus.completed:
        _finish(session, user, workout)

