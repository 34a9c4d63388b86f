from datetime import datetime

from pydantic import BaseModel, Field

from api.enums import ImportStatus
from api.schemas import StrictModel


class ImportCounts(BaseModel):
    rows_read: int = 0
    sessions_read: int = 0
    workouts_created: int = 0
    sets_created: int = 0
    duplicates_skipped: int = Field(0, description="sessions already imported (this file or an earlier export)")
    routines_created: int = Field(0, description="titles that recur became routines")
    rows_rejected: int = 0
    rest_timer_rows: int = Field(0, description="Strong's rest-timer rows, which are not sets")
    exercise_names: int = 0
    exercise_names_unmatched: int = Field(0, description="names that became your own exercises")
    sets_mapped_to_library: int = 0
    share_of_sets_mapped: float | None = None


class RejectedRow(BaseModel):
    line: int
    column: str | None
    reason: str


class Suggestion(BaseModel):
    exercise_id: int
    name: str
    score: float


class NameMapping(BaseModel):
    name: str = Field(description="the exercise's name in the file")
    sets: int
    exercise_id: int
    exercise_name: str
    in_library: bool
    method: str = Field(description="exact, alias, fuzzy, custom (a new exercise of yours) or confirmed")
    confidence: float
    suggestions: list[Suggestion]


class ImportOut(BaseModel):
    id: int
    status: ImportStatus
    file_name: str
    format: str | None
    weight_unit: str | None = Field(description="kg, lb, or 'per row' when the file names each row's unit")
    weight_unit_source: str | None = Field(description="file, request or profile: where the unit came from")
    time_zone: str = Field(description="the zone of times the file gives without one")
    counts: ImportCounts
    rejected: list[RejectedRow] = Field(description="the first 200 rows left out, with why")
    exercises: list[NameMapping]
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class RemapIn(StrictModel):
    source_name: str = Field(min_length=1, max_length=120, description="an exercise name from your imports")
    exercise_id: int = Field(ge=1, le=2**63 - 1, description="the exercise it means (library or your own)")


class RemapOut(BaseModel):
    source_name: str
    exercise_id: int
    moved: int = Field(description="imported workout exercises now pointing at it")
