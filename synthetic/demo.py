"""A demo account with a few weeks of training and every journey, so a fresh `make demo` has
something to show: a friend whose workouts fill the feed (with kudos and a comment on the demo
person's), an accountability partner who nudged, a running challenge, a load spike this week
(the warning on Today), a weekly target and streak, and notifications in the inbox.
Everything here is synthetic (`.test` addresses) and goes with `pulse db purge-synthetic`."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accountability.partners import ask as ask_partner
from api.accountability.partners import nudge
from api.accountability.partners import respond as respond_to_partner
from api.challenges.schemas import ChallengeCreate
from api.challenges.service import create as create_challenge
from api.challenges.service import respond as respond_to_challenge
from api.community.service import add_comment, give_kudos
from api.enums import ChallengeMetric, FitnessGoal, GoalMetric, SetType, UnitSystem, Visibility, WorkoutStatus
from api.friends.schemas import FriendRequest
from api.friends.service import request_friendship, respond
from api.goals.schemas import GoalCreate
from api.goals.service import create_goal
from api.models import Exercise
from api.stats.schemas import StatCreate
from api.stats.service import create_stat
from api.users.schemas import UserCreate
from api.users.service import DEMO_USERNAME, create_user, find_by_login
from api.workouts.schemas import SetIn, WorkoutCreate, WorkoutExerciseIn
from api.workouts.service import create_workout

DEMO_EMAIL = "demo@pulse.test"
DEMO_PASSWORD = "demo-password"
FRIEND_EMAIL = "demo-friend@pulse.test"
PARTNER_EMAIL = "demo-partner@pulse.test"
# A second demo person whose history is a real Hevy export (make demo imports it).
IMPORTED_EMAIL = "demo-hevy@pulse.test"
# (exercise, starting kg, weekly increase kg, reps)
PROGRAM = [("Barbell Back Squat", 60, 2.5, 5), ("Barbell Bench Press", 45, 2.5, 5), ("Barbell Bent-Over Row", 40, 2.5, 8)]
LEG_SPIKE = [("Barbell Back Squat", 60, 2.5, 8), ("Romanian Deadlift", 50, 2.5, 10)]


def _exercise_id(session: Session, name: str) -> int:
    exercise_id = session.scalar(select(Exercise.id).where(Exercise.name == name, Exercise.owner_id.is_(None)))
    if exercise_id is None:
        raise LookupError(f"exercise {name!r} is not in the library: run `pulse db seed` first")
    return exercise_id


def create_demo_user(session: Session, weeks: int = 4) -> bool:
    """False when the demo account exists already (the command is safe to rerun)."""
    if find_by_login(session, DEMO_EMAIL) is not None:
        return False
    # Not an administrator: the API treats it as one only when it runs with DEBUG (DEMO_USERNAME).
    demo = create_user(session, UserCreate(
        email=DEMO_EMAIL, username=DEMO_USERNAME, password=DEMO_PASSWORD, full_name="Demo Lifter",
        fitness_goal=FitnessGoal.strength, workout_visibility=Visibility.friends, is_discoverable=True, weekly_target_sessions=3,
        bio="Learning the big three. Coffee first.",
    ))
    friend = create_user(session, UserCreate(
        email=FRIEND_EMAIL, username="demo_friend", password=DEMO_PASSWORD, workout_visibility=Visibility.public, weekly_target_sessions=4,
    ))
    partner = create_user(session, UserCreate(
        email=PARTNER_EMAIL, username="demo_partner", password=DEMO_PASSWORD, workout_visibility=Visibility.friends, weekly_target_sessions=3,
    ))
    imported = create_user(session, UserCreate(
        email=IMPORTED_EMAIL, username="demo_hevy", password=DEMO_PASSWORD, full_name="Imported Lifter",
        fitness_goal=FitnessGoal.muscle_gain, time_zone="Europe/Athens", is_discoverable=True,
    ))
    for person in (demo, friend, partner, imported):  # their (reserved .test) addresses were never mailed
        person.is_verified = True
    session.commit()
    respond(session, friend, request_friendship(session, demo, FriendRequest(user_id=friend.id)).id, accept=True)
    respond(session, demo, request_friendship(session, partner, FriendRequest(user_id=demo.id)).id, accept=True)
    respond(session, partner, request_friendship(session, friend, FriendRequest(user_id=partner.id)).id, accept=True)

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = now.replace(hour=18, minute=0) - timedelta(weeks=weeks)
    sessions = []
    for week in range(weeks):
        create_stat(session, demo, StatCreate(recorded_at=start + timedelta(weeks=week), weight=Decimal(82 - week * 0.5)), UnitSystem.metric)
        for day in (0, 2, 4):
            sessions.append((start + timedelta(weeks=week, days=day), week, PROGRAM, 55))
    # This week, two extra long leg sessions on top of the program: a load spike (Today warns).
    for hours_ago in (50, 26):
        sessions.append((now - timedelta(hours=hours_ago), weeks, LEG_SPIKE, 90))
    done = []
    for number, (began, week, program, minutes) in enumerate(sorted(sessions), start=1):
        if began + timedelta(minutes=minutes) > now:
            continue
        entries = []
        for name, kg, step, reps in program:
            work = Decimal(str(kg + step * week))
            sets = [SetIn(set_type=SetType.warmup, reps=5, weight=Decimal(20))]
            sets += [SetIn(reps=reps, weight=work, rpe=Decimal(min(10, 7 + i))) for i in range(3 if program is PROGRAM else 6)]
            entries.append(WorkoutExerciseIn(exercise_id=_exercise_id(session, name), target_sets=3, target_reps=reps, sets=sets))
        out, _ = create_workout(session, demo, WorkoutCreate(
            name="Leg volume" if program is LEG_SPIKE else f"Strength day {number}", status=WorkoutStatus.completed,
            started_at=began, completed_at=began + timedelta(minutes=minutes), exercises=entries,
        ), UnitSystem.metric)
        done.append(out)
    create_goal(session, demo, GoalCreate(
        title="Squat 100 kg", goal_type=FitnessGoal.strength, metric=GoalMetric.one_rep_max,
        target_value=Decimal(100), exercise_id=_exercise_id(session, "Barbell Back Squat"),
    ), UnitSystem.metric)

    # The friend trains too (the feed), cheers the demo person on, and runs a challenge.
    for days_ago, name in ((6, "Upper body"), (4, "Long run"), (2, "Squat day"), (0, "Morning lift")):
        began = now - timedelta(days=days_ago, hours=3)
        create_workout(session, friend, WorkoutCreate(
            name=name, status=WorkoutStatus.completed, started_at=began, completed_at=began + timedelta(minutes=50),
            description="Felt strong today" if days_ago == 2 else None,
            exercises=[WorkoutExerciseIn(exercise_id=_exercise_id(session, "Barbell Back Squat"),
                                         sets=[SetIn(reps=5, weight=Decimal(100)) for _ in range(3)])],
        ), UnitSystem.metric)
    give_kudos(session, friend, done[-1].id)
    add_comment(session, None, friend, done[-1].id, "Big week! Don't forget to rest those legs.")
    challenge = create_challenge(session, friend, ChallengeCreate(
        title="Most sessions this week", metric=ChallengeMetric.sessions, starts_on=now.date() - timedelta(days=now.weekday()),
        ends_on=now.date() - timedelta(days=now.weekday()) + timedelta(days=6), invite=[demo.id, partner.id],
    ))
    respond_to_challenge(session, partner, challenge.id, join=True)

    # The partner asked, the demo person agreed, and the partner nudged.
    partnership = ask_partner(session, partner, demo.id)
    respond_to_partner(session, demo, partnership.id, accept=True)
    nudge(session, partner, partnership.id, now)
    return True
