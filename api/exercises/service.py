"""The exercise library and custom exercises: who may see what, filters and text search."""

from fastapi import HTTPException, status
from sqlalchemy import Row, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from api.core.db import fetch_page
from api.enums import Equipment, ExerciseType, MuscleGroup
from api.exercises.schemas import ExerciseCreate, ExerciseUpdate
from api.models import Exercise, User, WorkoutExercise

SEARCH_VECTOR = func.to_tsvector("english", Exercise.name + " " + Exercise.description)


def visible_to(user: User | None) -> Select:
    """The library, plus the signed-in person's own custom exercises."""
    query = select(Exercise)
    if user is None:
        return query.where(Exercise.owner_id.is_(None))
    return query.where(or_(Exercise.owner_id.is_(None), Exercise.owner_id == user.id))


def list_exercises(
    session: Session,
    user: User | None,
    *,
    muscle: MuscleGroup | None,
    equipment: Equipment | None,
    exercise_type: ExerciseType | None,
    difficulty: int | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Exercise], int]:
    query = visible_to(user)
    if muscle is not None:
        # "Chest exercises" includes those that train the chest as a secondary muscle.
        query = query.where(or_(Exercise.primary_muscle == muscle, Exercise.secondary_muscles.contains([muscle])))
    if equipment is not None:
        query = query.where(Exercise.equipment == equipment)
    if exercise_type is not None:
        query = query.where(Exercise.exercise_type == exercise_type)
    if difficulty is not None:
        query = query.where(Exercise.difficulty == difficulty)
    order = [Exercise.primary_muscle != muscle] if muscle is not None else []
    if q:
        words = func.websearch_to_tsquery("english", q)
        query = query.where(or_(SEARCH_VECTOR.op("@@")(words), Exercise.name.icontains(q, autoescape=True)))
        order = [Exercise.name.icontains(q, autoescape=True).desc(), func.ts_rank(SEARCH_VECTOR, words).desc(), *order]
    return fetch_page(session, query.order_by(*order, Exercise.name, Exercise.id), limit, offset)


def get_visible(session: Session, user: User | None, exercise_id: int) -> Exercise:
    exercise = session.scalar(visible_to(user).where(Exercise.id == exercise_id))
    if exercise is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"exercise {exercise_id} not found")
    return exercise


def visible_exercises(session: Session, user: User, exercise_ids: list[int]) -> dict[int, Row]:
    """The id, name and MET value of the exercises with these ids, read at once; 404 naming the
    first one that is unknown or another person's custom exercise."""
    query = visible_to(user).with_only_columns(Exercise.id, Exercise.name, Exercise.met_value).where(Exercise.id.in_(set(exercise_ids)))
    found = {row.id: row for row in session.execute(query)}
    for exercise_id in exercise_ids:
        if exercise_id not in found:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"exercise {exercise_id} not found")
    return found


def get_own_custom(session: Session, user: User, exercise_id: int) -> Exercise:
    exercise = get_visible(session, user, exercise_id)
    if exercise.owner_id is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="library exercises are read-only; create a custom exercise instead")
    return exercise


def _ensure_name_free(session: Session, user: User, name: str, except_id: int | None = None) -> None:
    clash = select(Exercise.id).where(Exercise.owner_id == user.id, func.lower(Exercise.name) == name.strip().lower())
    if except_id is not None:
        clash = clash.where(Exercise.id != except_id)
    if session.scalar(clash) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"name: you already have an exercise called {name!r}")


def create_custom(session: Session, user: User, data: ExerciseCreate) -> Exercise:
    _ensure_name_free(session, user, data.name)
    exercise = Exercise(**data.model_dump(), owner_id=user.id, is_synthetic=user.is_synthetic)
    exercise.name = exercise.name.strip()
    session.add(exercise)
    session.commit()
    return exercise


def update_custom(session: Session, user: User, exercise_id: int, data: ExerciseUpdate) -> Exercise:
    exercise = get_own_custom(session, user, exercise_id)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        _ensure_name_free(session, user, changes["name"], except_id=exercise.id)
    for name, value in changes.items():
        setattr(exercise, name, value)
    session.commit()
    return exercise


def delete_custom(session: Session, user: User, exercise_id: int) -> None:
    exercise = get_own_custom(session, user, exercise_id)
    if session.scalar(select(exists().where(WorkoutExercise.exercise_id == exercise.id))):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="exercise is used in logged workouts; remove it from them first")
    session.delete(exercise)
    session.commit()
