from datetime import datetime

from pydantic import BaseModel, Field

from api.enums import ImportStatus
from api.schemas import MAX_ID, StrictModel


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


class ImportProgress(BaseModel):
    rows_read: int
    rows_total: int = Field(description="the file's lines less the header (a quoted note over two lines counts twice)")


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
    progress: ImportProgress | None = Field(
        default=None, description="while running: how far the file has been read (null when this API process is not the one running it)",
    )


class PreviewCounts(BaseModel):
    rows_read: int = 0
    sessions_read: int = 0
    sets_read: int = Field(0, description="set rows of the file that would be kept (rejected rows and rest timers are not sets)")
    sessions_already_imported: int = Field(0, description="sessions you have already (an earlier import), which the import skips")
    workouts_to_create: int = 0
    sets_to_create: int = 0
    rows_rejected: int = 0
    rest_timer_rows: int = 0
    exercise_names: int = 0
    exercise_names_unmatched: int = Field(0, description="names that are not library exercises: your own, or new ones the import makes")
    sets_mapped_to_library: int = 0
    share_of_sets_mapped: float | None = None


class NamePreview(BaseModel):
    name: str = Field(description="the exercise's name in the file")
    sets: int = Field(description="set rows of this name in the file")
    exercise_id: int | None = Field(description="what it maps to; null when the import will make it a new exercise of yours")
    exercise_name: str | None
    in_library: bool
    method: str = Field(description="exact, alias, fuzzy, custom (your own exercise, new or existing), or an earlier import's choice")
    confidence: float
    suggestions: list[Suggestion] = Field(description="the closest library exercises, best first (none for a name you mapped before)")


class ImportPreview(BaseModel):
    """What POST /imports would do with this file now; nothing is stored."""

    file_name: str
    format: str = Field(description="strong or hevy, as detected or asked for")
    weight_unit: str = Field(description="kg, lb, or 'per row' when the file names each row's unit")
    weight_unit_source: str = Field(description="file, request or profile: where the unit came from")
    time_zone: str = Field(description="the zone of times the file gives without one")
    first_session_at: datetime | None = Field(description="the earliest session's start, in time_zone")
    last_session_at: datetime | None = Field(description="the latest session's start, in time_zone")
    counts: PreviewCounts
    rejected: list[RejectedRow] = Field(description="the first 200 rows the import would leave out, with why")
    exercises: list[NamePreview] = Field(description="every exercise name of the file, most sets first")


class RemapIn(StrictModel):
    source_name: str = Field(min_length=1, max_length=120, description="an exercise name from your imports")
    exercise_id: int = Field(ge=1, le=MAX_ID, description="the exercise it means (library or your own)")


class RemapOut(BaseModel):
    source_name: str
    exercise_id: int
    moved: int = Field(description="imported workout exercises now pointing at it")
