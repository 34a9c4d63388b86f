"""Enumerations of the app's data model (stored as PostgreSQL enum types in schema `app`)."""

from enum import StrEnum

from pulse.units import UnitSystem

__all__ = [
    "UnitSystem",
    "FitnessGoal",
    "ExperienceLevel",
    "MuscleGroup",
    "Equipment",
    "ExerciseType",
    "WorkoutStatus",
    "SetType",
    "Visibility",
    "FriendshipStatus",
    "GoalMetric",
    "RecommendationKind",
    "FeedbackAction",
    "ImportStatus",
    "ReportReason",
    "ReportStatus",
    "ReportSubject",
    "Moderation",
    "ChallengeMetric",
    "ParticipantStatus",
]


class FitnessGoal(StrEnum):
    strength = "strength"
    endurance = "endurance"
    weight_loss = "weight_loss"
    muscle_gain = "muscle_gain"
    general_fitness = "general_fitness"


class ExperienceLevel(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class MuscleGroup(StrEnum):
    LEGS = "LEGS"
    CORE = "CORE"
    BACK = "BACK"
    SHOULDERS = "SHOULDERS"
    FULL_BODY = "FULL_BODY"
    CHEST = "CHEST"
    TRICEPS = "TRICEPS"
    BICEPS = "BICEPS"
    GLUTES = "GLUTES"


class Equipment(StrEnum):
    NONE = "NONE"
    DUMBBELL = "DUMBBELL"
    BARBELL = "BARBELL"
    OTHER = "OTHER"
    CABLE = "CABLE"
    KETTLEBELL = "KETTLEBELL"
    MACHINE = "MACHINE"
    BANDS = "BANDS"


class ExerciseType(StrEnum):
    STRENGTH = "STRENGTH"
    CARDIO = "CARDIO"
    FLEXIBILITY = "FLEXIBILITY"
    BALANCE = "BALANCE"


class WorkoutStatus(StrEnum):
    scheduled = "scheduled"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


class SetType(StrEnum):
    normal = "normal"
    warmup = "warmup"
    drop = "drop"
    failure = "failure"


class Visibility(StrEnum):
    private = "private"
    friends = "friends"
    public = "public"


class FriendshipStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class GoalMetric(StrEnum):
    """What a goal measures, so its progress can be computed from the person's own data."""

    body_weight = "body_weight"  # latest logged body weight reaches target (up or down)
    one_rep_max = "one_rep_max"  # best estimated 1RM on one exercise reaches target
    workout_count = "workout_count"  # completed workouts since the goal was set
    total_distance = "total_distance"  # distance covered since the goal was set


class RecommendationKind(StrEnum):
    exercises = "exercises"  # a ranked list of exercises
    next_workout = "next_workout"  # a complete session built from the ranking


class FeedbackAction(StrEnum):
    """What a person did with one recommended exercise."""

    accepted = "accepted"  # added it to a workout
    skipped = "skipped"  # dismissed it
    thumbs_up = "thumbs_up"
    thumbs_down = "thumbs_down"


class ImportStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class ReportReason(StrEnum):
    spam = "spam"
    harassment = "harassment"
    hate = "hate"
    sexual = "sexual"
    self_harm = "self_harm"
    dangerous = "dangerous"  # advice or challenges that could hurt someone
    impersonation = "impersonation"
    other = "other"


class ReportStatus(StrEnum):
    open = "open"
    resolved = "resolved"  # a moderator acted on it
    dismissed = "dismissed"  # nothing wrong was found


class ReportSubject(StrEnum):
    user = "user"
    workout = "workout"
    comment = "comment"
    profile = "profile"  # the person's public profile text (bio)


class Moderation(StrEnum):
    """Where a piece of public text stands: others see it only when allowed."""

    allowed = "allowed"
    held = "held"  # waiting for a moderator (the author still sees it)
    rejected = "rejected"  # by the model or a moderator: nobody else sees it


class ChallengeMetric(StrEnum):
    sessions = "sessions"  # completed workouts in the window
    volume = "volume"  # working weight x reps (kg), optionally of one muscle group
    distance = "distance"  # metres covered


class ParticipantStatus(StrEnum):
    invited = "invited"
    joined = "joined"
    declined = "declined"
