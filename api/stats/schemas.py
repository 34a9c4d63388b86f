from datetime import datetime
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from api.enums import UnitSystem
from api.schemas import LongText, PatchModel, StrictModel

MEASUREMENTS = "weight, body_fat_pct, resting_heart_rate or muscle_mass"
BodyWeight = Field(default=None, gt=0, le=1500, decimal_places=3, description="kg or lb (the request's units)")
BodyFat = Field(default=None, ge=1, le=80, decimal_places=1, description="percent")
MuscleMass = Field(default=None, gt=0, le=600, decimal_places=3, description="skeletal muscle mass, kg or lb (the request's units)")
RestingHeartRate = Field(default=None, ge=20, le=250, description="beats per minute")


class StatCreate(StrictModel):
    recorded_at: AwareDatetime | None = Field(default=None, description="defaults to now")
    weight: Decimal | None = BodyWeight
    body_fat_pct: Decimal | None = BodyFat
    resting_heart_rate: int | None = RestingHeartRate
    muscle_mass: Decimal | None = MuscleMass
    notes: LongText | None = None

    @model_validator(mode="after")
    def _measured(self) -> "StatCreate":
        if self.weight is None and self.body_fat_pct is None and self.resting_heart_rate is None and self.muscle_mass is None:
            raise ValueError(f"give at least one of {MEASUREMENTS}")
        return self


class StatUpdate(PatchModel):
    not_nullable = frozenset({"recorded_at"})

    recorded_at: AwareDatetime | None = None
    weight: Decimal | None = BodyWeight
    body_fat_pct: Decimal | None = BodyFat
    resting_heart_rate: int | None = RestingHeartRate
    muscle_mass: Decimal | None = MuscleMass
    notes: LongText | None = None


class StatOut(BaseModel):
    id: int
    recorded_at: datetime
    weight: float | None
    body_fat_pct: float | None
    resting_heart_rate: int | None
    muscle_mass: float | None
    notes: str | None
    units: UnitSystem
