from datetime import date, datetime

from pydantic import BaseModel, Field, model_validator

from api.enums import ChallengeMetric, MuscleGroup, ParticipantStatus
from api.friends.schemas import FriendOut
from api.schemas import Id, ShortText, StrictModel

MAX_DAYS = 92


class ChallengeCreate(StrictModel):
    title: ShortText
    metric: ChallengeMetric = Field(description="sessions: completed workouts; volume: weight x reps of working sets; distance")
    muscle_group: MuscleGroup | None = Field(default=None, description="volume of this muscle group only (metric volume)")
    starts_on: date
    ends_on: date = Field(description=f"inclusive; at most {MAX_DAYS} days after starts_on")
    invite: list[Id] = Field(default_factory=list, max_length=50, description="friends to invite (verified accounts)")

    @model_validator(mode="after")
    def _window(self) -> "ChallengeCreate":
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        if (self.ends_on - self.starts_on).days > MAX_DAYS:
            raise ValueError(f"a challenge lasts at most {MAX_DAYS} days")
        if self.muscle_group is not None and self.metric != ChallengeMetric.volume:
            raise ValueError("muscle_group is only for a volume challenge")
        return self


class Invite(StrictModel):
    user_ids: list[Id] = Field(min_length=1, max_length=50)


class Standing(BaseModel):
    rank: int
    person: FriendOut
    value: float = Field(description="sessions, or kg / lb of volume, or km / mi, in your units")
    sessions: int


class ParticipantOut(BaseModel):
    person: FriendOut
    status: ParticipantStatus


class ChallengeOut(BaseModel):
    id: int
    title: str
    metric: ChallengeMetric
    muscle_group: MuscleGroup | None
    starts_on: date
    ends_on: date
    creator: FriendOut
    your_status: ParticipantStatus | None
    state: str = Field(description="upcoming, running or finished (UTC days)")
    participants: list[ParticipantOut]
    leaderboard: list[Standing] = Field(description="joined people, best first, from workouts completed in the window")
    units: str
    created_at: datetime
