"""Weekly targets and streaks: a week counts when the person completed at least their weekly
target of workouts in it (their own time zone, weeks from Monday). Rest days never break a
streak; only a week that ends short of the target does. The week under way neither adds to nor
breaks the streak until it is met or over."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.enums import WorkoutStatus
from api.models import User, Workout

RECENT_WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date
    sessions: int
    met: bool


@dataclass(frozen=True)
class Streak:
    target: int | None
    current_weeks: int
    best_weeks: int
    this_week: Week
    needed: int  # more sessions this week to meet the target
    days_left: int  # this week's days still to come, today included
    at_risk: bool  # a streak to lose, and as many sessions still needed as days left
    recent: list[Week]  # the last RECENT_WEEKS weeks, this one last


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def sessions_per_week(session: Session, user: User) -> dict[date, int]:
    """Completed workouts per local week (Monday), over the whole history."""
    local = func.timezone(user.time_zone, Workout.completed_at)
    week = func.date_trunc("week", local)
    rows = session.execute(
        select(week, func.count()).where(Workout.user_id == user.id, Workout.status == WorkoutStatus.completed).group_by(week)
    )
    return {start.date(): count for start, count in rows}


def streak(session: Session, user: User, now: datetime) -> Streak:
    today = now.astimezone(ZoneInfo(user.time_zone)).date()
    counts = sessions_per_week(session, user)
    target = user.weekly_target_sessions
    current_start = monday(today)

    def met(start: date) -> bool:
        return target is not None and counts.get(start, 0) >= target

    # Current: back from this week if already met, else from last week.
    start = current_start if met(current_start) else current_start - timedelta(weeks=1)
    current = 0
    while met(start):
        current += 1
        start -= timedelta(weeks=1)
    best = run = 0
    if target is not None and counts:
        start = monday(min(counts))
        while start <= current_start:
            run = run + 1 if met(start) else 0
            best = max(best, run)
            start += timedelta(weeks=1)
    this_week = Week(current_start, counts.get(current_start, 0), met(current_start))
    needed = max(0, (target or 0) - this_week.sessions)
    days_left = 7 - today.weekday()
    recent = [Week(s, counts.get(s, 0), met(s)) for s in (current_start - timedelta(weeks=n) for n in range(RECENT_WEEKS - 1, -1, -1))]
    at_risk = target is not None and current > 0 and needed > 0 and needed >= days_left
    return Streak(target, current, best, this_week, needed, days_left, at_risk, recent)
