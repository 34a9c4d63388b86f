from datetime import date, datetime
from typing import Annotated

import email_validator
from pydantic import AfterValidator, BaseModel, EmailStr, Field

from api.enums import Equipment, ExperienceLevel, FitnessGoal, Moderation, UnitSystem, Visibility
from api.schemas import HeightIn, PatchModel, StorableText, TimeZone

# `.test` addresses mark synthetic accounts (api/users/service.py); email-validator refuses
# special-use domains unless taken off its list, which its documentation describes.
if "test" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("test")

Username = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]


def _born_already(day: date) -> date:
    if day > date.today() or day.year < 1900:
        raise ValueError("must be a day in the past, from 1900 on")
    return day


BirthDate = Annotated[date, AfterValidator(_born_already)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
Email = Annotated[EmailStr, Field(max_length=320)]


class ProfileFields(PatchModel):
    not_nullable = frozenset(
        {
            "fitness_goal", "experience_level", "unit_system", "workout_visibility", "stats_visibility", "email",
            "username", "password", "available_equipment", "is_discoverable", "time_zone",
        }
    )

    full_name: StorableText | None = Field(default=None, max_length=120)
    date_of_birth: BirthDate | None = None
    height: HeightIn | None = None
    fitness_goal: FitnessGoal | None = None
    experience_level: ExperienceLevel | None = None
    unit_system: UnitSystem | None = None
    workout_visibility: Visibility | None = None
    stats_visibility: Visibility | None = None
    available_equipment: list[Equipment] | None = Field(
        default=None, max_length=len(Equipment), description="equipment you can use; bodyweight exercises are always allowed"
    )
    is_discoverable: bool | None = Field(default=None, description="may be suggested to others as a similar lifter")
    time_zone: TimeZone | None = Field(default=None, description="times an imported file gives without a zone are read in it")
    weekly_target_sessions: int | None = Field(default=None, ge=1, le=14, strict=True, description="workouts a week you aim for; your streak counts weeks that meet it")
    bio: StorableText | None = Field(default=None, max_length=300, description="a few words others see on your profile (moderated)")


class UserCreate(ProfileFields):
    email: Email
    username: Username
    password: Password


class UserUpdate(ProfileFields):
    email: Email | None = None
    username: Username | None = None
    password: Password | None = None


class UserOut(BaseModel):
    id: int
    email: str
    username: str
    full_name: str | None
    date_of_birth: date | None
    height: float | None = Field(description="cm or in, per unit_system")
    fitness_goal: FitnessGoal
    experience_level: ExperienceLevel
    unit_system: UnitSystem
    workout_visibility: Visibility
    stats_visibility: Visibility
    available_equipment: list[Equipment]
    is_discoverable: bool
    time_zone: str
    is_verified: bool = Field(description="the email address was confirmed; unverified people are not found by search nor invited to challenges")
    weekly_target_sessions: int | None
    bio: str | None
    bio_moderation: Moderation = Field(description="allowed: others see your bio; held: a moderator looks first; rejected: only you see it")
    created_at: datetime


class PublicProfile(BaseModel):
    """What anyone signed in may see of another person."""

    id: int
    username: str
    fitness_goal: FitnessGoal
    experience_level: ExperienceLevel
    bio: str | None = Field(description="their profile text, once moderation allowed it")

    @classmethod
    def of(cls, user) -> "PublicProfile":
        return cls(id=user.id, username=user.username, fitness_goal=user.fitness_goal, experience_level=user.experience_level,
                   bio=user.bio if user.bio_moderation == Moderation.allowed else None)
