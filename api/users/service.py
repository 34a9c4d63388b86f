"""Accounts: creation, profile changes, deletion, and what the API shows of a person."""

from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from api.blocks.service import hidden_from
from api.core.security import hash_password
from api.enums import Moderation, ReportSubject
from api.models import (
    AccountabilityPartner,
    Challenge,
    ChallengeParticipant,
    Comment,
    EmailOutbox,
    Exercise,
    ExerciseNameMapping,
    Friendship,
    Import,
    Notification,
    PushSubscription,
    Reaction,
    Recommendation,
    RecommendationFeedback,
    Report,
    Routine,
    RoutineExercise,
    User,
    UserBlock,
    UserGoal,
    UserStat,
    Workout,
    WorkoutExercise,
    WorkoutSet,
)
from api.moderation.text import STATE, judge, queue_held
from api.schemas import invalid
from api.users.schemas import ProfileFields, UserCreate, UserOut, UserUpdate
from api.users.verification import send_verification
from pulse.settings import Settings
from pulse.units import Quantity, UnitSystem, from_si, to_si
from serving.client import MlBackend

# Addresses under the reserved `.test` top-level domain (RFC 2606) can never reach a real person,
# so accounts made with them (by tests, demos and generators) are marked synthetic, and so is
# everything they create.
SYNTHETIC_EMAIL_SUFFIX = ".test"
# The demo person (`pulse db demo-data`) may manage models, but only on a server run with DEBUG:
# a demo database copied to production never yields an administrator.
DEMO_USERNAME = "demo"
MAX_HEIGHT_M = 3  # as the database's CHECK says


def is_synthetic_email(email: str) -> bool:
    return email.strip().lower().endswith(SYNTHETIC_EMAIL_SUFFIX)


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        username=user.username,
        full_name=user.full_name,
        date_of_birth=user.date_of_birth,
        height=from_si(user.height_m, Quantity.height, user.unit_system),
        fitness_goal=user.fitness_goal,
        experience_level=user.experience_level,
        unit_system=user.unit_system,
        workout_visibility=user.workout_visibility,
        stats_visibility=user.stats_visibility,
        available_equipment=sorted(set(user.available_equipment)),
        is_discoverable=user.is_discoverable,
        time_zone=user.time_zone,
        is_verified=user.is_verified,
        weekly_target_sessions=user.weekly_target_sessions,
        bio=user.bio,
        bio_moderation=user.bio_moderation,
        created_at=user.created_at,
    )


def find_by_login(session: Session, login: str) -> User | None:
    """The account whose email or username is `login`, ignoring case."""
    key = login.strip().lower()
    return session.scalars(
        select(User).where((func.lower(User.email) == key) | (func.lower(User.username) == key))
    ).first()


def _ensure_unique(session: Session, email: str | None, username: str | None, except_id: int | None = None) -> None:
    for field, value in (("email", email), ("username", username)):
        if value is None:
            continue
        column = getattr(User, field)
        query = select(User.id).where(func.lower(column) == value.lower())
        if except_id is not None:
            query = query.where(User.id != except_id)
        if session.scalar(query) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=f"{field} is already taken")


def _apply_profile(user: User, data: ProfileFields) -> None:
    fields = data.model_dump(exclude_unset=True, exclude={"email", "username", "password", "height"})
    if "available_equipment" in fields:
        fields["available_equipment"] = sorted(set(fields["available_equipment"]))
    for name, value in fields.items():
        setattr(user, name, value)
    if "height" in data.model_fields_set:
        # The height is in the units the request states, which a unit_system change in the
        # same request has just set.
        user.height_m = to_si(data.height, Quantity.height, user.unit_system or UnitSystem.metric)
        if user.height_m is not None and user.height_m >= MAX_HEIGHT_M:
            raise invalid("height", f"must be under {MAX_HEIGHT_M} m")


def _moderate_bio(session: Session, user: User, ml: MlBackend | None) -> None:
    """Profile text is public: refused when the moderation model rejects it, held for a
    moderator (only the person sees it meanwhile) when it is unsure."""
    if not user.bio:
        user.bio_moderation = Moderation.allowed
        return
    verdict, version = judge(ml, user.bio)
    if verdict.decision == "reject":
        raise invalid("bio", f"this text breaks the community rules ({', '.join(verdict.flagged) or 'flagged'})")
    user.bio_moderation = STATE[verdict.decision]
    if user.bio_moderation == Moderation.held:
        session.flush()
        queue_held(session, verdict, version, ReportSubject.profile, user.id, user.is_synthetic)


def create_user(session: Session, data: UserCreate, settings: Settings | None = None, ml: MlBackend | None = None) -> User:
    """`settings`: queue the verification mail in the same transaction (sign-up); without them
    (demo data, tests) no mail is sent."""
    _ensure_unique(session, data.email, data.username)
    user = User(
        email=data.email.strip(),
        username=data.username,
        hashed_password=hash_password(data.password),
        is_synthetic=is_synthetic_email(data.email),
        unit_system=data.unit_system or UnitSystem.metric,
        # The app's clock, as the tokens' `iat` (the database's may differ by a little).
        password_changed_at=datetime.now(UTC),
    )
    _apply_profile(user, data)
    session.add(user)
    if data.bio:
        _moderate_bio(session, user, ml)
    if settings is not None:
        session.flush()
        send_verification(session, user, settings)
    session.commit()
    return user


def update_user(session: Session, user: User, data: UserUpdate, settings: Settings, ml: MlBackend | None = None) -> User:
    _ensure_unique(session, data.email, data.username, except_id=user.id)
    if data.email is not None and data.email.strip().lower() != user.email.lower():
        # A new address is unproven until its own link is opened.
        user.email, user.is_verified = data.email.strip(), False
        if user.is_synthetic and not is_synthetic_email(user.email):
            _make_real(session, user)
        session.flush()
        send_verification(session, user, settings)
    elif data.email is not None:
        user.email = data.email.strip()
    if data.username is not None:
        user.username = data.username
    if data.password is not None:
        user.hashed_password = hash_password(data.password)
        user.password_changed_at = datetime.now(UTC)
    _apply_profile(user, data)
    if "bio" in data.model_fields_set:
        _moderate_bio(session, user, ml)
    session.commit()
    return user


def _make_real(session: Session, user: User) -> None:
    """A test or demo account moved to a real address belongs to a real person now: neither it nor
    anything of theirs may be removed with the synthetic data (`pulse db purge-synthetic`)."""
    mine = {
        Workout: Workout.user_id == user.id, Routine: Routine.user_id == user.id, UserGoal: UserGoal.user_id == user.id,
        UserStat: UserStat.user_id == user.id, Exercise: Exercise.owner_id == user.id, Import: Import.user_id == user.id,
        ExerciseNameMapping: ExerciseNameMapping.user_id == user.id, Recommendation: Recommendation.user_id == user.id,
        RecommendationFeedback: RecommendationFeedback.user_id == user.id,
        Friendship: (Friendship.requester_id == user.id) | (Friendship.addressee_id == user.id),
        WorkoutExercise: WorkoutExercise.workout_id.in_(select(Workout.id).where(Workout.user_id == user.id)),
        WorkoutSet: WorkoutSet.workout_exercise_id.in_(
            select(WorkoutExercise.id).join(Workout, Workout.id == WorkoutExercise.workout_id).where(Workout.user_id == user.id)
        ),
        RoutineExercise: RoutineExercise.routine_id.in_(select(Routine.id).where(Routine.user_id == user.id)),
        UserBlock: (UserBlock.blocker_id == user.id) | (UserBlock.blocked_id == user.id),
        Report: (Report.reporter_id == user.id) | (Report.reported_user_id == user.id),
        EmailOutbox: EmailOutbox.user_id == user.id,
        Notification: (Notification.user_id == user.id) | (Notification.actor_id == user.id),
        Reaction: Reaction.user_id == user.id, Comment: Comment.user_id == user.id, PushSubscription: PushSubscription.user_id == user.id,
        AccountabilityPartner: (AccountabilityPartner.requester_id == user.id) | (AccountabilityPartner.addressee_id == user.id),
        Challenge: Challenge.creator_id == user.id, ChallengeParticipant: ChallengeParticipant.user_id == user.id,
    }
    for model, condition in mine.items():
        session.execute(update(model).where(condition).values(is_synthetic=False))
    user.is_synthetic = False


def search(session: Session, viewer: User, text: str, limit: int) -> list[User]:
    needle = text.strip().lower()
    name = func.lower(User.username)
    rank = case((name == needle, 0), (name.startswith(needle, autoescape=True), 1), else_=2)
    return list(session.scalars(
        select(User)
        .where(
            name.contains(needle, autoescape=True), User.is_discoverable, User.is_verified, User.is_active, User.id != viewer.id,
            User.id.not_in(hidden_from(viewer.id)),
        )
        .order_by(rank, name)
        .limit(limit)
    ))


def delete_user(session: Session, user: User) -> None:
    """Removes the account and, through ON DELETE CASCADE, every row that belongs to it."""
    session.delete(user)
    session.commit()
