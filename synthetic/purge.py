"""Removing synthetic rows (tests, demos, generators) without touching real data."""

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.models import (
    Exercise,
    ExerciseNameMapping,
    Friendship,
    Import,
    Recommendation,
    RecommendationFeedback,
    Routine,
    RoutineExercise,
    User,
    UserGoal,
    UserStat,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)

# Children before parents, so each count is what was marked synthetic in that table itself.
PURGE_ORDER = [
    RecommendationFeedback, Recommendation, WorkoutSet, WorkoutExercise, Workout, RoutineExercise, Routine, UserGoal,
    UserStat, Friendship, ExerciseNameMapping, Import, Exercise, User,
]


def purge(session: Session) -> dict[str, int]:
    counts = {}
    for model in PURGE_ORDER:
        counts[model.__tablename__] = session.execute(delete(model).where(model.is_synthetic)).rowcount
    session.commit()
    return counts


def count_synthetic(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m).where(m.is_synthetic)) for m in PURGE_ORDER
    }
