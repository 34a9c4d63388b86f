from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.enums import Equipment, ExerciseType, MuscleGroup
from api.schemas import LongText, PatchModel, ShortText, StrictModel, WebAddress

Step = Annotated[str, Field(min_length=1, max_length=500)]
VideoUrl = Annotated[WebAddress, Field(description="a video showing the movement (http or https)")]


class ExerciseCreate(StrictModel):
    name: ShortText
    description: LongText = ""
    primary_muscle: MuscleGroup
    secondary_muscles: list[MuscleGroup] = Field(default_factory=list, max_length=9)
    equipment: Equipment
    exercise_type: ExerciseType
    difficulty: int = Field(default=2, ge=1, le=5)
    instructions: list[Step] = Field(default_factory=list, max_length=20)
    tips: list[Step] = Field(default_factory=list, max_length=20)
    is_distance_based: bool = False
    is_time_based: bool = False
    met_value: Decimal = Field(default=Decimal("3.5"), gt=0, le=25, decimal_places=1, description="metabolic equivalent of the activity")
    video_url: VideoUrl | None = None


class ExerciseUpdate(PatchModel):
    not_nullable = frozenset(ExerciseCreate.model_fields) - {"video_url"}

    name: ShortText | None = None
    description: LongText | None = None
    primary_muscle: MuscleGroup | None = None
    secondary_muscles: list[MuscleGroup] | None = Field(default=None, max_length=9)
    equipment: Equipment | None = None
    exercise_type: ExerciseType | None = None
    difficulty: int | None = Field(default=None, ge=1, le=5)
    instructions: list[Step] | None = Field(default=None, max_length=20)
    tips: list[Step] | None = Field(default=None, max_length=20)
    is_distance_based: bool | None = None
    is_time_based: bool | None = None
    met_value: Decimal | None = Field(default=None, gt=0, le=25, decimal_places=1)
    video_url: VideoUrl | None = None


class ExerciseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    primary_muscle: MuscleGroup
    secondary_muscles: list[MuscleGroup]
    equipment: Equipment
    exercise_type: ExerciseType
    difficulty: int
    instructions: list[str]
    tips: list[str]
    is_distance_based: bool
    is_time_based: bool
    met_value: float
    video_url: str | None
    is_custom: bool = Field(description="a private exercise of the signed-in person")
    created_at: datetime

    @classmethod
    def of(cls, exercise) -> "ExerciseOut":
        return cls.model_validate(
            {**{k: getattr(exercise, k) for k in cls.model_fields if k != "is_custom"}, "is_custom": exercise.owner_id is not None}
        )
