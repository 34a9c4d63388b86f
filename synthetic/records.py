"""Plain records the generator produces before anything touches a database.

Everything here refers to people by their index in the generated population and to exercises by
ExerciseInfo; the writer turns indexes and exercises into database ids. Keeping the plan free of
ids is what makes it testable without PostgreSQL and identical across runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synthetic.catalog import ExerciseInfo
    from synthetic.people import Person

# The simulated clock stops at noon UTC of the last day, so that day can hold finished morning
# sessions, a few still in progress, and plans for the evening.
NOW_TIME = time(12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Window:
    """The simulated period: day 0 is `start`, day `days - 1` is `end` (today)."""

    start: date
    end: date
    days: int
    now: datetime

    @classmethod
    def ending(cls, end: date, days: int) -> Window:
        return cls(start=end - timedelta(days=days - 1), end=end, days=days, now=datetime.combine(end, NOW_TIME))

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def at(self, day_index: int, hours: float) -> datetime:
        """A whole-second moment `hours` after midnight UTC of day `day_index`."""
        midnight = datetime.combine(self.start, time(0, tzinfo=UTC)) + timedelta(days=day_index)
        return midnight + timedelta(seconds=round(hours * 3600))


@dataclass(slots=True)
class SetRecord:
    set_index: int
    set_type: str
    reps: int | None
    weight_kg: Decimal | None
    duration_s: int | None
    distance_m: Decimal | None
    rpe: Decimal | None
    completed_at: datetime
    created_at: datetime


@dataclass(slots=True)
class EntryRecord:
    """One exercise in a workout: its targets and the sets performed."""

    exercise: ExerciseInfo
    position: int
    target_sets: int | None = None
    target_reps: int | None = None
    target_weight_kg: Decimal | None = None
    target_duration_s: int | None = None
    target_distance_m: Decimal | None = None
    rest_seconds: int | None = None
    notes: str | None = None
    sets: list[SetRecord] = field(default_factory=list)
    role: str | None = None  # the program slot it filled (main lift, accessory...); not stored


@dataclass(slots=True)
class WorkoutRecord:
    name: str
    status: str
    created_at: datetime
    scheduled_for: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    client_id: str | None = None
    notes: str | None = None
    entries: list[EntryRecord] = field(default_factory=list)
    # Filled for completed workouts only, exactly as the API computes them on completion.
    duration_s: int | None = None
    total_volume_kg: Decimal | None = None
    total_distance_m: Decimal | None = None
    calories_kcal: float | None = None


@dataclass(slots=True)
class StatRecord:
    recorded_at: datetime
    weight_kg: Decimal | None
    body_fat_pct: Decimal | None = None
    resting_heart_rate: int | None = None
    notes: str | None = None
    muscle_mass_kg: Decimal | None = None


@dataclass(slots=True)
class GoalRecord:
    goal_type: str
    metric: str
    title: str
    target_value: Decimal
    start_value: Decimal | None
    current_value: Decimal | None
    target_date: date | None
    created_at: datetime
    achieved_at: datetime | None = None
    exercise: ExerciseInfo | None = None


@dataclass(slots=True)
class FriendshipRecord:
    """Between two people of the population, by index; written with the later of the two."""

    requester: int
    addressee: int
    status: str
    created_at: datetime
    responded_at: datetime | None


@dataclass(slots=True)
class FeedbackRecord:
    """What the person did with one recommended exercise."""

    exercise: ExerciseInfo
    action: str
    created_at: datetime


@dataclass(slots=True)
class RecommendationRecord:
    """A ranked list of library exercises the recommender served, and the reactions to it."""

    created_at: datetime
    model_name: str
    model_version: str | None  # None: the popularity fallback answered
    exercises: list[ExerciseInfo]  # best first
    feedback: list[FeedbackRecord] = field(default_factory=list)
    kind: str = "exercises"


@dataclass(slots=True)
class PersonPlan:
    """Everything generated for one person."""

    person: Person
    custom_exercises: list[ExerciseInfo]
    stats: list[StatRecord]
    workouts: list[WorkoutRecord]
    goals: list[GoalRecord]
    friendships: list[FriendshipRecord]
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    blocks: list["BlockRecord"] = field(default_factory=list)
    reports: list["ReportRecord"] = field(default_factory=list)
    social: list["SocialRecord"] = field(default_factory=list)
    partners: list["PartnerRecord"] = field(default_factory=list)
    challenges: list["ChallengeRecord"] = field(default_factory=list)
    weekly_target: int | None = None


@dataclass(slots=True)
class SocialRecord:
    """Kudos (body None) or a comment by an earlier friend on one of the person's workouts."""

    workout: int  # index into the person's workouts
    actor: int
    body: str | None
    created_at: datetime


@dataclass(slots=True)
class PartnerRecord:
    """The person asked an earlier friend to be accountability partners; they accepted."""

    partner: int
    created_at: datetime
    responded_at: datetime


@dataclass(slots=True)
class ChallengeRecord:
    title: str
    metric: str
    muscle_group: str | None
    starts_on: date
    ends_on: date
    created_at: datetime
    invitees: list[tuple[int, str, datetime | None]]  # (person index, status, responded_at)


@dataclass(slots=True)
class BlockRecord:
    """One person blocking an earlier one, by index."""

    blocker: int
    blocked: int
    created_at: datetime


@dataclass(slots=True)
class ReportRecord:
    """A report of an earlier person to the moderators, by index."""

    reporter: int
    reported: int
    reason: str
    details: str | None
    status: str
    created_at: datetime
    resolved_at: datetime | None
