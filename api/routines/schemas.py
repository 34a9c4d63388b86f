from datetime import datetime

from pydantic import BaseModel, Field

from api.schemas import LongText, PatchModel, ShortText, StrictModel
from api.workouts.schemas import ExerciseTargets, PlannedExerciseOut


class RoutineCreate(StrictModel):
    name: ShortText
    notes: LongText | None = None
    exercises: list[ExerciseTargets] = Field(default_factory=list, max_length=50)


class RoutineUpdate(PatchModel):
    not_nullable = frozenset({"name", "exercises"})

    name: ShortText | None = None
    notes: LongText | None = None
    exercises: list[ExerciseTargets] | None = Field(default=None, max_length=50, description="replaces the whole list")


class FromWorkout(StrictModel):
    name: ShortText | None = Field(default=None, description="default: the workout's name")


class RoutineOut(BaseModel):
    id: int
    name: str
    notes: str | None
    exercises: list[PlannedExerciseOut]
    times_done: int = Field(description="completed workouts started from it or grouped into it")
    last_done_at: datetime | None
    created_at: datetime
    updated_at: datetime
