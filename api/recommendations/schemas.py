from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from api.enums import Equipment, ExerciseType, ExperienceLevel, FeedbackAction, FitnessGoal, MuscleGroup
from api.schemas import MAX_ID, Id, ShortText, StrictModel

K = Annotated[int, Field(ge=1, le=50, description="how many exercises (1-50)")]
SessionTitle = Annotated[
    ShortText, Field(description="the name of the workout about to start (a routine's name): exercises are ranked for it")
]


class ExercisesRequest(StrictModel):
    user_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="whose recommendations; defaults to you")
    k: K = 10
    muscle_group: MuscleGroup | None = Field(default=None, description="only exercises training this muscle group")
    title: SessionTitle | None = None


class ModelUsed(BaseModel):
    name: str
    version: str | None = Field(description="the registered model version; null when the fallback answered")
    source: str = Field(description="'model' or 'popularity_fallback'")


class RecommendedExercise(BaseModel):
    rank: int
    exercise_id: int
    name: str
    primary_muscle: MuscleGroup
    equipment: Equipment
    exercise_type: ExerciseType
    score: float


class ExercisesRecommendation(BaseModel):
    id: int = Field(description="send feedback to POST /recommendations/{id}/feedback")
    user_id: int
    model: ModelUsed
    items: list[RecommendedExercise]
    created_at: datetime
    cached: bool = Field(description="served from the cache (same person, model version and history)")


class NextWorkoutRequest(StrictModel):
    exercises: Annotated[int, Field(ge=2, le=10, description="how many exercises in the session")] = 5
    title: SessionTitle | None = None
    include_recovering_muscles: bool = Field(
        default=False, description="allow muscle groups trained hard in the last 48 hours"
    )


class PlannedExercise(BaseModel):
    position: int
    exercise_id: int
    name: str
    primary_muscle: MuscleGroup
    equipment: Equipment
    sets: int
    reps: int | None = Field(description="per set; null for timed or distance work")
    duration_s: int | None
    suggested_weight: float | None = Field(description="kg or lb, per unit_system; null without history or for bodyweight")
    weight_basis: str | None = Field(description="'model', 'repeat_last' or null")
    rest_seconds: int


class NextWorkout(BaseModel):
    id: int = Field(description="the recommendation id, for feedback")
    name: str
    fitness_goal: FitnessGoal
    experience_level: ExperienceLevel
    model: ModelUsed
    unit_system: str
    exercises: list[PlannedExercise]
    recovering_muscles: list[MuscleGroup] = Field(description="muscle groups left out because they were trained hard in the last 48 h")
    load_spike_muscles: list[MuscleGroup] = Field(description="muscle groups left out because their working sets jumped this week (GET /safety/load)")


class FeedbackIn(StrictModel):
    exercise_id: Id
    action: FeedbackAction


class FeedbackOut(BaseModel):
    id: int
    recommendation_id: int
    exercise_id: int
    action: FeedbackAction
    created_at: datetime


class SimilarUser(BaseModel):
    user_id: int
    username: str
    fitness_goal: FitnessGoal
    experience_level: ExperienceLevel
    similarity: float


class SimilarUsers(BaseModel):
    user_id: int
    model_version: str | None = Field(description="null when the fallback (same goal and level) answered")
    users: list[SimilarUser]
