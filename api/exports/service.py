"""A person's data, theirs to take: a Strong-compatible CSV of their training (which imports back
into Pulse, or into another app that reads Strong's format) and a JSON copy of everything they own.

The CSV has the columns of Strong's own export, weights and distances in the person's units and
times in their time zone, as Strong writes them; values are not rounded, so importing the file
back gives the same sets."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from api.enums import SetType, WorkoutStatus
from api.exercises.schemas import ExerciseOut
from api.friends.service import friendship_out
from api.goals.service import goal_out, list_goals
from api.imports.service import import_out
from api.models import (
    Exercise,
    ExerciseNameMapping,
    Friendship,
    Import,
    RecommendationFeedback,
    User,
    UserStat,
    Workout,
    WorkoutExercise,
)
from api.stats.service import stat_out
from api.users.service import user_out
from api.workouts.service import workout_out
from pulse.units import Quantity, UnitSystem, from_si_exact

STRONG_COLUMNS = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"]
SET_ORDER = {SetType.warmup: "W", SetType.drop: "D", SetType.failure: "F"}
BATCH = 200


def _completed_workouts(session: Session, user: User) -> Iterator[Workout]:
    """The person's completed workouts, oldest first, a batch at a time."""
    query = (
        select(Workout).where(Workout.user_id == user.id, Workout.status == WorkoutStatus.completed)
        .order_by(Workout.completed_at, Workout.id)
        .options(selectinload(Workout.exercises).selectinload(WorkoutExercise.sets))
        .execution_options(yield_per=BATCH)
    )
    yield from session.scalars(query)


def _exact(value: Decimal | None, quantity: Quantity, units: UnitSystem) -> str:
    """A stored SI value in the person's unit, unrounded ('' for none)."""
    exact = from_si_exact(value, quantity, units)
    return "" if exact is None else format(exact.normalize(), "f")


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h"] * bool(hours) + [f"{minutes}m"] * bool(minutes) + [f"{seconds}s"] * bool(seconds)
    return " ".join(parts) or "0s"


def strong_csv(session: Session, user: User) -> Iterator[str]:
    """The CSV, line by line."""
    zone, units = ZoneInfo(user.time_zone), user.unit_system
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(STRONG_COLUMNS)
    yield flush()
    for workout in _completed_workouts(session, user):
        started = workout.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        duration = _duration(int((workout.completed_at - workout.started_at) / timedelta(seconds=1)))
        for entry in workout.exercises:
            number = 0
            for s in entry.sets:
                number += s.set_type == SetType.normal
                writer.writerow([
                    started, workout.name, duration, entry.exercise.name, SET_ORDER.get(s.set_type, str(number)),
                    _exact(s.weight_kg, Quantity.weight, units), s.reps or "", _exact(s.distance_m, Quantity.distance, units),
                    s.duration_s or "", entry.notes or "", workout.notes or "", "" if s.rpe is None else format(s.rpe.normalize(), "f"),
                ])
        yield flush()


def everything(session: Session, user: User) -> dict:
    """All the person owns, in their units: their copy of their data."""
    units = user.unit_system
    workouts = session.scalars(
        select(Workout).where(Workout.user_id == user.id).order_by(Workout.id)
        .options(selectinload(Workout.exercises).selectinload(WorkoutExercise.sets))
    )
    friendships = session.scalars(select(Friendship).where(or_(Friendship.requester_id == user.id, Friendship.addressee_id == user.id)))
    feedback = session.scalars(select(RecommendationFeedback).where(RecommendationFeedback.user_id == user.id).order_by(RecommendationFeedback.id))
    mappings = session.scalars(select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id).order_by(ExerciseNameMapping.source_name))
    return {
        "exported_at": datetime.now(ZoneInfo(user.time_zone)).isoformat(),
        "profile": user_out(user).model_dump(mode="json"),
        "custom_exercises": [
            ExerciseOut.of(e).model_dump(mode="json")
            for e in session.scalars(select(Exercise).where(Exercise.owner_id == user.id).order_by(Exercise.id))
        ],
        "workouts": [workout_out(w, units).model_dump(mode="json") for w in workouts],
        "body_stats": [
            stat_out(s, units).model_dump(mode="json")
            for s in session.scalars(select(UserStat).where(UserStat.user_id == user.id).order_by(UserStat.recorded_at))
        ],
        "goals": [goal_out(g, units).model_dump(mode="json") for g in list_goals(session, user)],
        "friendships": [friendship_out(f, user).model_dump(mode="json") for f in friendships],
        "recommendation_feedback": [
            {"recommendation_id": f.recommendation_id, "exercise_id": f.exercise_id, "action": f.action.value, "at": f.created_at.isoformat()}
            for f in feedback
        ],
        "imports": [import_out(i).model_dump(mode="json") for i in session.scalars(select(Import).where(Import.user_id == user.id).order_by(Import.id))],
        "exercise_name_mappings": [
            {"source_name": m.source_name, "exercise_id": m.exercise_id, "method": m.method, "confidence": float(m.confidence)} for m in mappings
        ],
    }
