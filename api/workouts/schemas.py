import uuid
from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from api.enums import SetType, UnitSystem, WorkoutStatus
from api.schemas import (
    MAX_ID,
    DistanceIn,
    Id,
    InclineIn,
    LongText,
    PatchModel,
    Reps,
    Rpe,
    Seconds,
    ShortText,
    SpeedIn,
    StrictModel,
    WeightIn,
)

# The longest session anyone logs (an ultra race) is about a day and a half: a longer one is a
# mistake, and its derived totals (duration, calories) would not fit their columns.
MAX_WORKOUT_LENGTH = timedelta(hours=48)


class SetFields(StrictModel):
    set_type: SetType = SetType.normal
    reps: Reps | None = None
    weight: WeightIn | None = None
    duration_s: Seconds | None = None
    distance: DistanceIn | None = None
    rpe: Rpe | None = None
    completed_at: AwareDatetime | None = None


CONFIRM_UNUSUAL = Field(default=False, description="store a weight over twice your best on the exercise (otherwise a 422 asks)")


class SetIn(SetFields):
    set_index: int | None = Field(default=None, ge=1, le=100, description="1-based; next free index when omitted")
    confirm_unusual: bool = CONFIRM_UNUSUAL

    @model_validator(mode="after")
    def _measured(self) -> "SetIn":
        if self.reps is None and self.duration_s is None and self.distance is None:
            raise ValueError("a set needs at least one of reps, duration_s or distance")
        return self


class SetUpdate(PatchModel):
    not_nullable = frozenset({"set_type", "confirm_unusual"})

    set_type: SetType | None = None
    confirm_unusual: bool = CONFIRM_UNUSUAL
    reps: Reps | None = None
    weight: WeightIn | None = None
    duration_s: Seconds | None = None
    distance: DistanceIn | None = None
    rpe: Rpe | None = None


class SetOut(BaseModel):
    id: int
    set_index: int
    set_type: SetType
    reps: int | None
    weight: float | None
    duration_s: int | None
    distance: float | None
    rpe: float | None
    completed_at: datetime
    estimated_1rm: float | None = Field(description="Epley estimate from this set, in the response's weight unit")


class ExerciseTargets(StrictModel):
    """What is planned for one exercise, in a workout or in a routine (in the request's units)."""

    exercise_id: Id
    target_sets: int | None = Field(default=None, ge=0, le=100)
    target_reps: Reps | None = None
    target_weight: WeightIn | None = None
    target_duration_s: Seconds | None = None
    target_distance: DistanceIn | None = None
    rest_seconds: int | None = Field(default=None, ge=0, le=3600)
    speed: SpeedIn | None = None
    incline_pct: InclineIn | None = None
    notes: LongText | None = None


class WorkoutExerciseIn(ExerciseTargets):
    sets: list[SetIn] = Field(default_factory=list, max_length=100)


class PlannedExerciseOut(BaseModel):
    id: int
    exercise_id: int
    exercise_name: str
    position: int
    target_sets: int | None
    target_reps: int | None
    target_weight: float | None
    target_duration_s: int | None
    target_distance: float | None
    rest_seconds: int | None
    speed: float | None = Field(description="km/h or mph: a cardio machine's belt speed")
    incline_pct: float | None = Field(description="treadmill grade, percent")
    notes: str | None


class WorkoutExerciseOut(PlannedExerciseOut):
    sets: list[SetOut]


class WorkoutCreate(StrictModel):
    """A planned workout (scheduled), one starting now (in_progress), or one logged after the fact
    (completed, with its sets)."""

    client_id: uuid.UUID | None = Field(default=None, description="set by offline clients; a retry with the same id returns the first upload")
    routine_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the routine it was started from (one of yours); it then counts in the routine's times_done"
    )
    name: ShortText
    description: LongText | None = Field(default=None, description="what the session was; shown with it to those who may see it")
    notes: LongText | None = None
    status: WorkoutStatus = WorkoutStatus.scheduled
    scheduled_for: AwareDatetime | None = None
    started_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None
    exercises: list[WorkoutExerciseIn] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> "WorkoutCreate":
        if self.status == WorkoutStatus.cancelled:
            raise ValueError("status: a new workout cannot be cancelled")
        if self.status == WorkoutStatus.completed:
            if self.started_at is None or self.completed_at is None:
                raise ValueError("started_at and completed_at are required for a completed workout")
        elif self.completed_at is not None:
            raise ValueError("completed_at is only allowed for a completed workout")
        if self.started_at and self.completed_at and self.completed_at < self.started_at:
            raise ValueError("completed_at must not be before started_at")
        if self.started_at and self.completed_at and self.completed_at - self.started_at > MAX_WORKOUT_LENGTH:
            raise ValueError(f"completed_at: a workout lasts at most {MAX_WORKOUT_LENGTH.total_seconds() / 3600:.0f} hours after started_at")
        if self.status == WorkoutStatus.scheduled and any(e.sets for e in self.exercises):
            raise ValueError("sets can only be logged on a workout that is in progress or completed")
        return self


class WorkoutUpdate(PatchModel):
    not_nullable = frozenset({"name"})

    name: ShortText | None = None
    description: LongText | None = None
    notes: LongText | None = None
    scheduled_for: AwareDatetime | None = None


class WorkoutSummary(BaseModel):
    """A workout with its totals: what a list of workouts shows."""

    id: int
    user_id: int
    client_id: uuid.UUID | None
    routine_id: int | None = Field(description="the routine it was started from or grouped into; null when none, or once that routine is deleted")
    name: str
    description: str | None
    notes: str | None
    status: WorkoutStatus
    scheduled_for: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    duration_s: int | None
    total_volume: float | None = Field(description="sum of weight x reps over working sets, in kg or lb")
    total_distance: float | None = Field(description="km or mi")
    calories_kcal: float | None
    units: UnitSystem
    exercise_count: int
    set_count: int
    exercises: list[WorkoutExerciseOut] | None = Field(
        default=None, description="the exercises and their sets: on a single workout always, in a list only with include=sets"
    )
    created_at: datetime
    updated_at: datetime


class WorkoutOut(WorkoutSummary):
    exercises: list[WorkoutExerciseOut]
