from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field, model_validator

from api.enums import FitnessGoal, GoalMetric, UnitSystem
from api.schemas import MAX_ID, PatchModel, ShortText, StrictModel


class GoalCreate(StrictModel):
    title: ShortText
    goal_type: FitnessGoal
    metric: GoalMetric
    target_value: Decimal = Field(
        ge=0, le=100_000, decimal_places=3,
        description="kg/lb for body_weight and one_rep_max, km/mi for total_distance, a count for workout_count",
    )
    exercise_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="required for one_rep_max, forbidden otherwise")
    target_date: date | None = None

    @model_validator(mode="after")
    def _exercise_iff_1rm(self) -> "GoalCreate":
        if (self.metric == GoalMetric.one_rep_max) != (self.exercise_id is not None):
            raise ValueError("exercise_id is required for a one_rep_max goal and not allowed for other metrics")
        return self


class GoalUpdate(PatchModel):
    not_nullable = frozenset({"title", "target_value"})

    title: ShortText | None = None
    target_value: Decimal | None = Field(default=None, ge=0, le=100_000, decimal_places=3)
    target_date: date | None = None


class GoalOut(BaseModel):
    id: int
    title: str
    goal_type: FitnessGoal
    metric: GoalMetric
    exercise_id: int | None
    exercise_name: str | None
    target_value: float
    start_value: float | None
    current_value: float | None
    progress: float = Field(description="0..1 of the way from start to target")
    at_risk: bool = Field(description="progress lags the time elapsed towards target_date (or the date passed unmet)")
    target_date: date | None
    is_achieved: bool
    achieved_at: datetime | None
    units: UnitSystem
    created_at: datetime
