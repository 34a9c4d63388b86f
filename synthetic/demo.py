"""A demo account with a few weeks of training, so a fresh `make demo` has something to show.
Everything here is synthetic (a `.test` address) and goes with `pulse db purge-synthetic`."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.enums import FitnessGoal, GoalMetric, SetType, UnitSystem, Visibility, WorkoutStatus
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
# A second demo person whose history is a real Hevy export (make demo imports it).
IMPORTED_EMAIL = "demo-hevy@pulse.test"
# (exercise, starting kg, weekly increase kg, reps)
PROGRAM = [("Barbell Back Squat", 60, 2.5, 5), ("Barbell Bench Press", 45, 2.5, 5), ("Barbell Bent-Over Row", 40, 2.5, 8)]


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
        fitness_goal=FitnessGoal.strength, workout_visibility=Visibility.friends, is_discoverable=True,
    ))
    friend = create_user(session, UserCreate(
        email=FRIEND_EMAIL, username="demo_friend", password=DEMO_PASSWORD, workout_visibility=Visibility.public,
    ))
    respond(session, friend, request_friendship(session, demo, FriendRequest(user_id=friend.id)).id, accept=True)
    imported = create_user(session, UserCreate(
        email=IMPORTED_EMAIL, username="demo_hevy", password=DEMO_PASSWORD, full_name="Imported Lifter",
        fitness_goal=FitnessGoal.muscle_gain, time_zone="Europe/Athens", is_discoverable=True,
    ))
    for person in (demo, friend, imported):  # their (reserved .test) addresses were never mailed
        person.is_verified = True
    session.commit()
    start = datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(weeks=weeks)
    for week in range(weeks):
        create_stat(session, demo, StatCreate(recorded_at=start + timedelta(weeks=week), weight=Decimal(82 - week * 0.5)), UnitSystem.metric)
        for day in (0, 2, 4):
            began = start + timedelta(weeks=week, days=day)
            entries = []
            for name, kg, step, reps in PROGRAM:
                work = Decimal(str(kg + step * week))
                sets = [SetIn(set_type=SetType.warmup, reps=5, weight=Decimal(20))]
                sets += [SetIn(reps=reps, weight=work, rpe=Decimal(7 + i)) for i in range(3)]
                entries.append(WorkoutExerciseIn(exercise_id=_exercise_id(session, name), target_sets=3, target_reps=reps, sets=sets))
            create_workout(session, demo, WorkoutCreate(
                name=f"Strength day {week * 3 + day // 2 + 1}", status=WorkoutStatus.completed,
                started_at=began, completed_at=began + timedelta(minutes=55), exercises=entries,
            ), UnitSystem.metric)
    create_goal(session, demo, GoalCreate(
        title="Squat 100 kg", goal_type=FitnessGoal.strength, metric=GoalMetric.one_rep_max,
        target_value=Decimal(100), exercise_id=_exercise_id(session, "Barbell Back Squat"),
    ), UnitSystem.metric)
    return True
