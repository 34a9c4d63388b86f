"""ORM models of the app database (schema `app`). Alembic migrations are the source of the schema;
`tests/integration/test_migrations.py` checks that these models and the migrations agree."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    FetchedValue,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    and_,
    func,
    or_,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from api.enums import (
    ChallengeMetric,
    Equipment,
    ExerciseType,
    ExperienceLevel,
    FeedbackAction,
    FitnessGoal,
    FriendshipStatus,
    GoalMetric,
    ImportStatus,
    Moderation,
    MuscleGroup,
    ParticipantStatus,
    RecommendationKind,
    ReportReason,
    ReportStatus,
    ReportSubject,
    SetType,
    UnitSystem,
    Visibility,
    WorkoutStatus,
)

SCHEMA = "app"
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def pg_enum(enum_cls: type, name: str) -> Enum:
    return Enum(enum_cls, name=name, schema=SCHEMA, values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA, naming_convention=NAMING)
    type_annotation_map = {int: BigInteger}


class Timestamped:
    """created_at/updated_at on every table; a trigger keeps updated_at honest for any writer,
    because the pipelines extract incrementally on it."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Indexed: the pipeline's incremental extraction and new-data sensor filter on it.
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), server_onupdate=FetchedValue(), index=True
    )
    # True for rows made by tests, demos and generators, so `pulse db purge-synthetic` can find them.
    is_synthetic: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    __mapper_args__ = {"eager_defaults": True}


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    username: Mapped[str] = mapped_column(String(40))
    hashed_password: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str | None] = mapped_column(String(120))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    height_m: Mapped[Decimal | None] = mapped_column(Numeric)
    fitness_goal: Mapped[FitnessGoal] = mapped_column(
        pg_enum(FitnessGoal, "fitness_goal"), server_default=FitnessGoal.general_fitness.value
    )
    experience_level: Mapped[ExperienceLevel] = mapped_column(
        pg_enum(ExperienceLevel, "experience_level"), server_default=ExperienceLevel.beginner.value
    )
    unit_system: Mapped[UnitSystem] = mapped_column(
        pg_enum(UnitSystem, "unit_system"), server_default=UnitSystem.metric.value
    )
    workout_visibility: Mapped[Visibility] = mapped_column(
        pg_enum(Visibility, "visibility"), server_default=Visibility.friends.value
    )
    stats_visibility: Mapped[Visibility] = mapped_column(
        pg_enum(Visibility, "visibility"), server_default=Visibility.private.value
    )
    is_active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    # Tokens issued before this moment are refused, so a new password signs out old sessions.
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Recommendations only suggest exercises this equipment allows; a new account has a full gym.
    available_equipment: Mapped[list[Equipment]] = mapped_column(
        ARRAY(pg_enum(Equipment, "equipment")), server_default="{" + ",".join(e.value for e in Equipment) + "}"
    )
    # Opt-in: only discoverable people are suggested to others as similar lifters.
    is_discoverable: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # May start model training and read model details.
    is_admin: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # IANA name; times an import file gives without an offset are local to it.
    time_zone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    # The person proved they read mail at `email`. Unverified accounts may sign in and train, but
    # are not found by search nor invited to challenges.
    is_verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # Completed workouts a week the person aims for: their streak counts weeks that met it.
    weekly_target_sessions: Mapped[int | None] = mapped_column(SmallInteger)
    # Public profile text; others see it only when moderation allowed it.
    bio: Mapped[str | None] = mapped_column(String(300))
    bio_moderation: Mapped[Moderation] = mapped_column(pg_enum(Moderation, "moderation"), server_default=Moderation.allowed.value)

    __table_args__ = (
        Index("uq_users_email_lower", func.lower(text("email")), unique=True),
        Index("uq_users_username_lower", func.lower(text("username")), unique=True),
        CheckConstraint("height_m IS NULL OR (height_m > 0 AND height_m < 3)", name="height_range"),
        CheckConstraint("weekly_target_sessions IS NULL OR weekly_target_sessions BETWEEN 1 AND 14", name="weekly_target_range"),
    )


class Exercise(Timestamped, Base):
    """The shared library (owner_id NULL) plus each person's private custom exercises."""

    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, server_default="")
    primary_muscle: Mapped[MuscleGroup] = mapped_column(pg_enum(MuscleGroup, "muscle_group"), index=True)
    secondary_muscles: Mapped[list[MuscleGroup]] = mapped_column(
        ARRAY(pg_enum(MuscleGroup, "muscle_group")), server_default="{}"
    )
    equipment: Mapped[Equipment] = mapped_column(pg_enum(Equipment, "equipment"), index=True)
    exercise_type: Mapped[ExerciseType] = mapped_column(pg_enum(ExerciseType, "exercise_type"), index=True)
    difficulty: Mapped[int] = mapped_column(SmallInteger)
    instructions: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    tips: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    is_distance_based: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    is_time_based: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    met_value: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    # A demonstration video (null for the shipped library: no licensed source yet).
    video_url: Mapped[str | None] = mapped_column(String(2048))

    __table_args__ = (
        CheckConstraint("difficulty BETWEEN 1 AND 5", name="difficulty_range"),
        CheckConstraint("met_value > 0 AND met_value <= 25", name="met_range"),
        # Library names are unique; a custom name is unique for its owner.
        Index("uq_exercises_library_name", func.lower(text("name")), unique=True, postgresql_where=text("owner_id IS NULL")),
        Index("uq_exercises_owner_name", text("owner_id"), func.lower(text("name")), unique=True, postgresql_where=text("owner_id IS NOT NULL")),
        Index(
            "ix_exercises_search",
            text("to_tsvector('english', name || ' ' || description)"),
            postgresql_using="gin",
        ),
    )


class UserGoal(Timestamped, Base):
    __tablename__ = "user_goals"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    goal_type: Mapped[FitnessGoal] = mapped_column(pg_enum(FitnessGoal, "fitness_goal"))
    metric: Mapped[GoalMetric] = mapped_column(pg_enum(GoalMetric, "goal_metric"))
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    target_value: Mapped[Decimal] = mapped_column(Numeric)  # SI units of the metric
    start_value: Mapped[Decimal | None] = mapped_column(Numeric)
    current_value: Mapped[Decimal | None] = mapped_column(Numeric)
    target_date: Mapped[date | None] = mapped_column(Date)
    is_achieved: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    achieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    exercise: Mapped[Exercise | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("target_value >= 0", name="target_non_negative"),
        CheckConstraint("(metric = 'one_rep_max') = (exercise_id IS NOT NULL)", name="exercise_iff_1rm"),
        CheckConstraint("is_achieved = (achieved_at IS NOT NULL)", name="achieved_at_iff_achieved"),
    )


class UserStat(Timestamped, Base):
    """One body measurement entry (weight, body fat, resting heart rate) at a point in time."""

    __tablename__ = "user_stats"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric)
    body_fat_pct: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    resting_heart_rate: Mapped[int | None] = mapped_column(SmallInteger)
    # Skeletal muscle mass, as a body-composition scale reports it.
    muscle_mass_kg: Mapped[Decimal | None] = mapped_column(Numeric)
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_user_stats_user_id_recorded_at", "user_id", "recorded_at"),
        CheckConstraint("weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 700)", name="weight_range"),
        CheckConstraint("body_fat_pct IS NULL OR body_fat_pct BETWEEN 1 AND 80", name="body_fat_range"),
        CheckConstraint("resting_heart_rate IS NULL OR resting_heart_rate BETWEEN 20 AND 250", name="hr_range"),
        CheckConstraint("muscle_mass_kg IS NULL OR (muscle_mass_kg > 0 AND muscle_mass_kg < 300)", name="muscle_mass_range"),
        CheckConstraint(
            "weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_heart_rate IS NOT NULL OR muscle_mass_kg IS NOT NULL",
            name="has_measurement",
        ),
    )


class Workout(Timestamped, Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Set by an offline client so that a retried upload creates the workout only once.
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(120))
    # What the session was, shown with it to those who may see it; notes are the person's own.
    description: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[WorkoutStatus] = mapped_column(
        pg_enum(WorkoutStatus, "workout_status"), server_default=WorkoutStatus.scheduled.value
    )
    scheduled_for: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_s: Mapped[int | None] = mapped_column(Integer)
    total_volume_kg: Mapped[Decimal | None] = mapped_column(Numeric)
    total_distance_m: Mapped[Decimal | None] = mapped_column(Numeric)
    calories_kcal: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    # Whether others may see its name, description and notes (the model or a moderator decides).
    text_moderation: Mapped[Moderation] = mapped_column(pg_enum(Moderation, "moderation"), server_default=Moderation.allowed.value)
    # The routine it was started from, or grouped into on import (kept when the routine goes).
    routine_id: Mapped[int | None] = mapped_column(ForeignKey("routines.id", ondelete="SET NULL"), index=True)

    exercises: Mapped[list["WorkoutExercise"]] = relationship(
        back_populates="workout",
        order_by="WorkoutExercise.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    __table_args__ = (
        UniqueConstraint("user_id", "client_id"),
        # The list endpoint filters by person, status and the workout's date.
        Index("ix_workouts_user_id_date", "user_id", text("(coalesce(started_at, scheduled_for))")),
        Index("ix_workouts_user_id_status_completed_at", "user_id", "status", "completed_at"),
        CheckConstraint("completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at", name="completed_after_start"),
        CheckConstraint(
            "status <> 'completed' OR (started_at IS NOT NULL AND completed_at IS NOT NULL)", name="completed_has_times"
        ),
        CheckConstraint("duration_s IS NULL OR duration_s >= 0", name="duration_non_negative"),
        CheckConstraint("total_volume_kg IS NULL OR total_volume_kg >= 0", name="volume_non_negative"),
        CheckConstraint("total_distance_m IS NULL OR total_distance_m >= 0", name="distance_non_negative"),
        CheckConstraint("calories_kcal IS NULL OR calories_kcal >= 0", name="calories_non_negative"),
    )


class PlannedTargets:
    """What is planned for one exercise, in a workout or a routine: its place and its targets (SI)."""

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # Checked at commit: deleting a person removes their custom exercises and their workouts and
    # routines in one statement, and the order Postgres cascades in must not matter.
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", deferrable=True, initially="DEFERRED"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    target_sets: Mapped[int | None] = mapped_column(SmallInteger)
    target_reps: Mapped[int | None] = mapped_column(SmallInteger)
    target_weight_kg: Mapped[Decimal | None] = mapped_column(Numeric)
    target_duration_s: Mapped[int | None] = mapped_column(Integer)
    target_distance_m: Mapped[Decimal | None] = mapped_column(Numeric)
    rest_seconds: Mapped[int | None] = mapped_column(SmallInteger)
    # Cardio machine settings (a treadmill's belt speed and grade).
    speed_kmh: Mapped[Decimal | None] = mapped_column(Numeric)
    incline_pct: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    notes: Mapped[str | None] = mapped_column(Text)

    PLANNED = ("exercise_id", "position", "target_sets", "target_reps", "target_weight_kg", "target_duration_s",
               "target_distance_m", "rest_seconds", "speed_kmh", "incline_pct", "notes")

    def planned(self) -> dict:
        """The planned columns' values, to plan the same again elsewhere (a workout from a routine)."""
        return {column: getattr(self, column) for column in self.PLANNED}

    @staticmethod
    def checks() -> tuple[CheckConstraint, ...]:
        return (
            CheckConstraint("position >= 1", name="position_positive"),
            CheckConstraint("target_sets IS NULL OR target_sets >= 0", name="target_sets_non_negative"),
            CheckConstraint("target_reps IS NULL OR target_reps >= 0", name="target_reps_non_negative"),
            CheckConstraint("target_weight_kg IS NULL OR target_weight_kg >= 0", name="target_weight_non_negative"),
            CheckConstraint("target_duration_s IS NULL OR target_duration_s >= 0", name="target_duration_non_negative"),
            CheckConstraint("target_distance_m IS NULL OR target_distance_m >= 0", name="target_distance_non_negative"),
            CheckConstraint("rest_seconds IS NULL OR rest_seconds >= 0", name="rest_non_negative"),
            CheckConstraint("speed_kmh IS NULL OR (speed_kmh >= 0 AND speed_kmh <= 50)", name="speed_range"),
            CheckConstraint("incline_pct IS NULL OR incline_pct BETWEEN -15 AND 40", name="incline_range"),
        )


class WorkoutExercise(PlannedTargets, Timestamped, Base):
    """What was planned for one exercise in a workout; the sets actually done are WorkoutSet rows."""

    __tablename__ = "workout_exercises"

    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    # The exercise's name in the export it was imported from: a changed mapping re-points by it.
    imported_name: Mapped[str | None] = mapped_column(String(120))

    workout: Mapped[Workout] = relationship(back_populates="exercises")
    exercise: Mapped[Exercise] = relationship(lazy="joined")
    sets: Mapped[list["WorkoutSet"]] = relationship(
        back_populates="workout_exercise",
        order_by="WorkoutSet.set_index",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    __table_args__ = (Index("ix_workout_exercises_workout_id_position", "workout_id", "position"), *PlannedTargets.checks())


class WorkoutSet(Timestamped, Base):
    """One performed set."""

    __tablename__ = "workout_sets"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    workout_exercise_id: Mapped[int] = mapped_column(ForeignKey("workout_exercises.id", ondelete="CASCADE"))
    set_index: Mapped[int] = mapped_column(SmallInteger)
    set_type: Mapped[SetType] = mapped_column(pg_enum(SetType, "set_type"), server_default=SetType.normal.value)
    reps: Mapped[int | None] = mapped_column(SmallInteger)
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    distance_m: Mapped[Decimal | None] = mapped_column(Numeric)
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    workout_exercise: Mapped[WorkoutExercise] = relationship(back_populates="sets")

    __table_args__ = (
        UniqueConstraint("workout_exercise_id", "set_index"),
        CheckConstraint("set_index >= 1", name="set_index_positive"),
        CheckConstraint("reps IS NULL OR reps >= 0", name="reps_non_negative"),
        CheckConstraint("weight_kg IS NULL OR weight_kg >= 0", name="weight_non_negative"),
        CheckConstraint("duration_s IS NULL OR duration_s >= 0", name="duration_non_negative"),
        CheckConstraint("distance_m IS NULL OR distance_m >= 0", name="distance_non_negative"),
        CheckConstraint("rpe IS NULL OR rpe BETWEEN 1 AND 10", name="rpe_range"),
        CheckConstraint(
            "reps IS NOT NULL OR duration_s IS NOT NULL OR distance_m IS NOT NULL", name="has_measurement"
        ),
    )


class PairRequest:
    """Something one person asks of another, who accepts or declines: a friendship, an
    accountability partnership. One row per pair, whoever asked first."""

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    addressee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[FriendshipStatus] = mapped_column(
        pg_enum(FriendshipStatus, "friendship_status"), server_default=FriendshipStatus.pending.value
    )
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @classmethod
    def between(cls, a: int, b: int):
        """The condition for the row between a and b, whoever asked."""
        return or_(and_(cls.requester_id == a, cls.addressee_id == b), and_(cls.requester_id == b, cls.addressee_id == a))

    @declared_attr
    def requester(cls) -> Mapped[User]:
        return relationship(foreign_keys=[cls.requester_id], lazy="joined")

    @declared_attr
    def addressee(cls) -> Mapped[User]:
        return relationship(foreign_keys=[cls.addressee_id], lazy="joined")

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (
            CheckConstraint("requester_id <> addressee_id", name="not_self"),
            Index(
                f"uq_{cls.__tablename__}_pair",
                func.least(text("requester_id"), text("addressee_id")),
                func.greatest(text("requester_id"), text("addressee_id")),
                unique=True,
            ),
        )


class Friendship(PairRequest, Timestamped, Base):
    __tablename__ = "friendships"


class UserBlock(Timestamped, Base):
    """One person blocking another: no friendship, and neither sees the other anywhere."""

    __tablename__ = "user_blocks"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id], lazy="joined")

    __table_args__ = (UniqueConstraint("blocker_id", "blocked_id"), CheckConstraint("blocker_id <> blocked_id", name="not_self"))


class Report(Timestamped, Base):
    """A person's report of another person or of what they shared, waiting for a moderator."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # Null when the moderation model held the item (no person reported it).
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[ReportSubject] = mapped_column(pg_enum(ReportSubject, "report_subject"))
    # Whose conduct or content it is (the workout's owner for a workout).
    reported_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    workout_id: Mapped[int | None] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # What the moderation model said (labels and scores, its version), for an item it held.
    model_labels: Mapped[dict | None] = mapped_column(JSONB)
    reason: Mapped[ReportReason] = mapped_column(pg_enum(ReportReason, "report_reason"))
    details: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(pg_enum(ReportStatus, "report_status"), server_default=ReportStatus.open.value)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution_note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_reports_status_created_at", "status", "created_at"),
        CheckConstraint("(subject = 'workout') = (workout_id IS NOT NULL)", name="workout_iff_workout_subject"),
        CheckConstraint("(subject = 'comment') = (comment_id IS NOT NULL)", name="comment_iff_comment_subject"),
        CheckConstraint("(status = 'open') = (resolved_at IS NULL)", name="resolved_at_iff_closed"),
    )


class Reaction(Timestamped, Base):
    """Kudos on a workout in the feed: one per person and workout."""

    __tablename__ = "reactions"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    __table_args__ = (UniqueConstraint("workout_id", "user_id"),)


class Comment(Timestamped, Base):
    """A comment on a workout; others see it once moderation allows it."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    moderation: Mapped[Moderation] = mapped_column(pg_enum(Moderation, "moderation"), server_default=Moderation.allowed.value)

    __table_args__ = (Index("ix_comments_workout_id_created_at", "workout_id", "created_at"),)


class Challenge(Timestamped, Base):
    """A contest among friends over a date range: most sessions, volume or distance."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    metric: Mapped[ChallengeMetric] = mapped_column(pg_enum(ChallengeMetric, "challenge_metric"))
    # Volume of one muscle group only (null: all).
    muscle_group: Mapped[MuscleGroup | None] = mapped_column(pg_enum(MuscleGroup, "muscle_group"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    participants: Mapped[list["ChallengeParticipant"]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
    )

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on AND ends_on - starts_on <= 366", name="window"),
        CheckConstraint("muscle_group IS NULL OR metric = 'volume'", name="muscle_only_for_volume"),
    )


class ChallengeParticipant(Timestamped, Base):
    __tablename__ = "challenge_participants"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[ParticipantStatus] = mapped_column(pg_enum(ParticipantStatus, "participant_status"))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    challenge: Mapped[Challenge] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("challenge_id", "user_id"),)


class AccountabilityPartner(PairRequest, Timestamped, Base):
    """Two friends who see each other's weekly target progress and may nudge each other."""

    __tablename__ = "accountability_partners"


class Notification(Timestamped, Base):
    """One item of a person's inbox: a friend request, a nudge, a kudos, a reminder..."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # Who caused it (null for reminders); their notifications go with their account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    # Ids the app links to (workout_id, goal_id, challenge_id, partnership_id...).
    data: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # Reminders are made once per period: a second one with the same key is not added.
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When it went to the person's browsers by Web Push (null: not pushed, or no push set up).
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )


class PushSubscription(Timestamped, Base):
    """A browser's Web Push endpoint for one person (the PWA subscribes when allowed)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))


class EmailOutbox(Timestamped, Base):
    """Mail to send, written in the transaction that calls for it and delivered after it commits,
    so a crash never sends mail about something that did not happen, nor loses mail that should go."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_email_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),)


class Recommendation(Timestamped, Base):
    """One answer served to a person: the ranked exercises and the model that produced them."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RecommendationKind] = mapped_column(pg_enum(RecommendationKind, "recommendation_kind"))
    model_name: Mapped[str] = mapped_column(String(120))
    # NULL when the popularity fallback answered (no model registered or reachable).
    model_version: Mapped[str | None] = mapped_column(String(40))
    exercise_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))


class RecommendationFeedback(Timestamped, Base):
    __tablename__ = "recommendation_feedback"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"), index=True)
    action: Mapped[FeedbackAction] = mapped_column(pg_enum(FeedbackAction, "feedback_action"))

    __table_args__ = (UniqueConstraint("recommendation_id", "exercise_id", "action"),)


class Import(Timestamped, Base):
    """One upload of another app's export, and what became of it."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[ImportStatus] = mapped_column(pg_enum(ImportStatus, "import_status"), server_default=ImportStatus.queued.value)
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str | None] = mapped_column(String(20))
    weight_unit: Mapped[str | None] = mapped_column(String(10))
    # Where the weight unit came from: the file, the request, or the person's setting.
    weight_unit_source: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # Rejected rows, unmatched exercise names with suggestions, and how each name was mapped.
    report: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ExerciseNameMapping(Timestamped, Base):
    """What an exercise name in a person's imports means to them, kept for their next import."""

    __tablename__ = "exercise_name_mappings"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source_name: Mapped[str] = mapped_column(String(120))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"), index=True)
    confidence: Mapped[Decimal] = mapped_column(Numeric(4, 3))
    # exact, alias, fuzzy, custom (a new exercise of the person's) or confirmed (by the person)
    method: Mapped[str] = mapped_column(String(20))

    __table_args__ = (
        UniqueConstraint("user_id", "source_name"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
    )


class Routine(Timestamped, Base):
    """A workout template a person trains from (Strong and Hevy call them routines)."""

    __tablename__ = "routines"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)

    exercises: Mapped[list["RoutineExercise"]] = relationship(
        back_populates="routine", order_by="RoutineExercise.position", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
    )

    __table_args__ = (Index("uq_routines_user_id_name", text("user_id"), func.lower(text("name")), unique=True),)


class RoutineExercise(PlannedTargets, Timestamped, Base):
    """One planned exercise of a routine, with the targets a workout started from it gets."""

    __tablename__ = "routine_exercises"

    routine_id: Mapped[int] = mapped_column(ForeignKey("routines.id", ondelete="CASCADE"), index=True)

    routine: Mapped[Routine] = relationship(back_populates="exercises")
    exercise: Mapped[Exercise] = relationship(lazy="joined")

    __table_args__ = PlannedTargets.checks()


class ChangeLogEntry(Base):
    """A row inserted, updated or deleted in a table the data pipeline reads, written by triggers
    (so every writer is covered, bulk loads and cascades included). The ingest reads only what
    changed since its last run, deletions included, instead of scanning whole tables; a NULL
    row_id (TRUNCATE) tells it to read the whole table. Rows older than a week are pruned."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(63))
    row_id: Mapped[int | None] = mapped_column(BigInteger)
    # The writing transaction (pg_current_xact_id as a number): a reader takes everything from
    # the oldest transaction still running at its previous snapshot, so no late commit is missed.
    transaction_id: Mapped[int] = mapped_column(BigInteger, server_default=text("(pg_current_xact_id()::text)::bigint"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_change_log_table_name_transaction_id", "table_name", "transaction_id"),
        Index("ix_change_log_changed_at", "changed_at", postgresql_using="brin"),
    )
