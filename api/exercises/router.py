from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import CurrentUser, OptionalUser, PageDep, SessionDep
from api.enums import Equipment, ExerciseType, MuscleGroup
from api.exercises import service
from api.exercises.schemas import ExerciseCreate, ExerciseOut, ExerciseUpdate
from api.schemas import Page, PathId, StorableText

router = APIRouter(prefix="/exercises", tags=["exercises"])


@router.get("", response_model=Page[ExerciseOut])
def list_exercises(
    session: SessionDep,
    user: OptionalUser,
    page: PageDep,
    muscle: MuscleGroup | None = None,
    equipment: Equipment | None = None,
    type: Annotated[ExerciseType | None, Query(description="exercise type")] = None,
    difficulty: Annotated[int | None, Query(ge=1, le=5)] = None,
    q: Annotated[StorableText | None, Query(min_length=1, max_length=100, description="text search in name and description")] = None,
) -> Page[ExerciseOut]:
    """The library (and, when signed in, your custom exercises), filtered and paginated."""
    rows, total = service.list_exercises(
        session, user, muscle=muscle, equipment=equipment, exercise_type=type, difficulty=difficulty, q=q,
        limit=page.limit, offset=page.offset,
    )
    return Page(items=[ExerciseOut.of(e) for e in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/{exercise_id}", response_model=ExerciseOut)
def get_exercise(exercise_id: PathId, session: SessionDep, user: OptionalUser) -> ExerciseOut:
    return ExerciseOut.of(service.get_visible(session, user, exercise_id))


@router.post("", response_model=ExerciseOut, status_code=status.HTTP_201_CREATED)
def create_exercise(data: ExerciseCreate, session: SessionDep, user: CurrentUser) -> ExerciseOut:
    """Add a private custom exercise, visible only to you."""
    return ExerciseOut.of(service.create_custom(session, user, data))


@router.patch("/{exercise_id}", response_model=ExerciseOut)
def update_exercise(exercise_id: PathId, data: ExerciseUpdate, session: SessionDep, user: CurrentUser) -> ExerciseOut:
    return ExerciseOut.of(service.update_custom(session, user, exercise_id, data))


@router.delete("/{exercise_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_exercise(exercise_id: PathId, session: SessionDep, user: CurrentUser) -> None:
    service.delete_custom(session, user, exercise_id)
