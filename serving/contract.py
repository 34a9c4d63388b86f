"""What the API and the ML service say to each other (the same whether the ML service runs inside
the API process or alone behind ML_SERVICE_URL)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class RecommendInput(BaseModel):
    fitness_goal: str
    experience_level: str
    sessions: list[list[int]] = Field(
        default_factory=list, description="exercise ids per session, oldest first (recsys/sessions.py: a model uses the last 30)"
    )
    titles: list[str] = Field(default_factory=list, description="each session's title, as many as sessions (or none)")
    next_title: str | None = Field(default=None, description="the title of the session about to start, when known (a routine's name)")
    allowed_exercise_ids: list[int] = Field(description="the only exercises that may be returned")
    exercise_muscles: dict[int, str] = Field(
        default_factory=dict, description="exercise id -> primary muscle group, for the allowed ones (what a title such as 'Push' names)"
    )
    k: int = Field(ge=1, le=200)


class ScoredExercise(BaseModel):
    exercise_id: int
    score: float


class RecommendOutput(BaseModel):
    model_name: str
    model_version: str
    items: list[ScoredExercise]


class SimilarInput(BaseModel):
    user_id: int
    k: int = Field(ge=1, le=500)


class Neighbour(BaseModel):
    user_id: int
    similarity: float


class SimilarOutput(BaseModel):
    model_version: str
    neighbours: list[Neighbour]


class TopSetIn(BaseModel):
    weight_kg: float = Field(gt=0)
    reps: int = Field(ge=1)
    rpe: float | None = None


class ProgressionInput(BaseModel):
    histories: dict[int, list[TopSetIn]] = Field(description="exercise id -> top sets, oldest first")


class SuggestedSet(BaseModel):
    weight_kg: float
    reps: int
    basis: str


class ProgressionOutput(BaseModel):
    model_version: str | None
    suggestions: dict[int, SuggestedSet]


class ModerateInput(BaseModel):
    texts: list[str] = Field(min_length=1, max_length=50, description="comments, workout text or profile text, each judged alone")


class Moderation(BaseModel):
    decision: str = Field(description="allow, hold (a moderator looks first) or reject")
    labels: dict[str, float] = Field(description="each label's score, 0..1: spam, harassment, sexual, self_harm")
    flagged: list[str] = Field(description="the labels that led to hold or reject")
    decided_by: str = Field(description="model, rules (no model registered yet) or anthropic (a second opinion on a held text)")


class ModerateOutput(BaseModel):
    model_name: str
    model_version: str | None = Field(description="null when the rules answered (no text-moderation champion)")
    results: list[Moderation]


class AnalyticsOutput(BaseModel):
    report: str
    source: str = Field(description="the dbt mart the rows come from (an asset in the Dagster UI)")
    population: str = Field(description="all, real or synthetic people")
    days: int
    rows: list[dict[str, str | int | float | None]]


class ModelStatus(BaseModel):
    name: str
    version: str | None
    run_id: str | None
    loaded_at: datetime | None
    checked_at: datetime | None
    last_error: str | None
    metrics: dict[str, float]


class ModelsOutput(BaseModel):
    models: list[ModelStatus]
