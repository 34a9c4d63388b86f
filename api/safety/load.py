"""Training load at request time, from the app's own data: the person's acute:chronic workload
ratio and each muscle group's week-over-week jump in working sets. The same numbers as the marts
training_load_daily and muscle_load_daily (dbt/macros/safety.sql holds the same thresholds;
tests/integration/test_pipeline.py checks the API against the marts)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

# The person's load is a spike when acute (7-day average) over chronic (28-day average) load
# passes this ratio, the "danger zone" of the acute:chronic workload literature.
LOAD_SPIKE_ACWR = Decimal("1.5")
# A muscle's working sets this week more than (1 + this) times last week's, more than this
# factor times their weekly average over the 3 weeks before, at least this many of them, with at
# least this many days of history. A jump against the week before alone flagged 30 % of the days
# a real lifter (an irregular four-year Hevy history) trained a muscle; with the 3-week baseline
# and 10 sets, 15 % (the other real export: 7 %; generated people: 5 %). docs/journeys.md, Safety.
MUSCLE_JUMP_FRACTION = Decimal("0.5")
MUSCLE_BASELINE_FACTOR = 2
MUSCLE_SPIKE_MIN_SETS = 10
MUSCLE_SPIKE_MIN_HISTORY_DAYS = 28
FULL_CHRONIC_DAYS = 28
# A session without RPE counts as moderately hard (dbt: default_session_rpe).
DEFAULT_SESSION_RPE = Decimal(6)

# Per completed workout on or before the end of the day asked about: its UTC day, its load
# (duration in minutes x mean RPE of its working sets, 6 without any), and per primary muscle
# its working sets. One statement, only the 28 days that count plus the first day of history.
_SESSIONS = text("""
    SELECT (w.completed_at AT TIME ZONE 'UTC')::date AS day,
           coalesce(w.duration_s, floor(extract(epoch FROM w.completed_at - w.started_at))::integer) AS duration_s,
           round(avg(s.rpe) FILTER (WHERE s.set_type <> 'warmup' AND s.rpe IS NOT NULL), 2) AS avg_rpe
    FROM app.workouts w
    LEFT JOIN app.workout_exercises we ON we.workout_id = w.id
    LEFT JOIN app.workout_sets s ON s.workout_exercise_id = we.id
    WHERE w.user_id = :user_id AND w.status = 'completed' AND w.completed_at <= :until
      AND w.completed_at >= :since
    GROUP BY w.id
""")
_MUSCLE_SETS = text("""
    SELECT e.primary_muscle::text AS muscle, (w.completed_at AT TIME ZONE 'UTC')::date AS day, count(*) AS sets
    FROM app.workouts w
    JOIN app.workout_exercises we ON we.workout_id = w.id
    JOIN app.exercises e ON e.id = we.exercise_id
    JOIN app.workout_sets s ON s.workout_exercise_id = we.id
    WHERE w.user_id = :user_id AND w.status = 'completed' AND w.completed_at <= :until
      AND w.completed_at >= :since AND s.set_type <> 'warmup'
    GROUP BY 1, 2
""")
_FIRST_DAY = text("""
    SELECT min((completed_at AT TIME ZONE 'UTC')::date) FROM app.workouts
    WHERE user_id = :user_id AND status = 'completed' AND completed_at <= :until
""")


@dataclass(frozen=True)
class MuscleLoad:
    muscle_group: str
    hard_sets_7d: int
    prior_week_hard_sets: int
    hard_sets_28d: int
    is_spike: bool

    @property
    def baseline_weekly_hard_sets(self) -> Decimal:
        """The weekly average of the 3 weeks before the last 7 days."""
        return (Decimal(self.hard_sets_28d - self.hard_sets_7d) / 3).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Load:
    day: date
    acute_load_7d: Decimal
    chronic_load_28d: Decimal
    acwr: Decimal | None
    days_of_history: int
    is_load_spike: bool
    muscles: list[MuscleLoad]

    @property
    def spiking_muscles(self) -> set[str]:
        return {m.muscle_group for m in self.muscles if m.is_spike}


def _session_load(duration_s: int, avg_rpe: Decimal | None) -> Decimal:
    load = Decimal(duration_s) / 60 * (avg_rpe if avg_rpe is not None else DEFAULT_SESSION_RPE)
    return load.quantize(Decimal("0.01"), ROUND_HALF_UP)  # as PostgreSQL rounds numeric: half away from zero


def training_load(session: Session, user_id: int, day: date, now: datetime | None = None) -> Load:
    """The load on the UTC `day` (today: up to now), as the marts compute it for that day."""
    now = now or datetime.now(UTC)
    until = min(now, datetime.combine(day + timedelta(days=1), time(), UTC) - timedelta(microseconds=1))
    since = datetime.combine(day - timedelta(days=FULL_CHRONIC_DAYS - 1), time(), UTC)
    params = {"user_id": user_id, "until": until, "since": since}
    first_day = session.scalar(_FIRST_DAY, params)
    acute = chronic = Decimal(0)
    for session_day, duration_s, avg_rpe in session.execute(_SESSIONS, params):
        load = _session_load(duration_s, avg_rpe)
        chronic += load
        if session_day > day - timedelta(days=7):
            acute += load
    history = (day - first_day).days + 1 if first_day is not None else 0
    acwr = (4 * acute / chronic).quantize(Decimal("0.0001"), ROUND_HALF_UP) if chronic else None
    per_muscle: dict[str, list[int]] = {}
    for muscle, set_day, sets in session.execute(_MUSCLE_SETS, params):
        windows = per_muscle.setdefault(muscle, [0, 0, 0])  # 7 days, the 7 before, 28 days
        age = (day - set_day).days
        windows[0] += sets if age < 7 else 0
        windows[1] += sets if 7 <= age < 14 else 0
        windows[2] += sets
    muscles = [
        MuscleLoad(muscle, week, prior, month, week >= MUSCLE_SPIKE_MIN_SETS and week > (1 + MUSCLE_JUMP_FRACTION) * prior
                   and 3 * week > MUSCLE_BASELINE_FACTOR * (month - week) and history >= MUSCLE_SPIKE_MIN_HISTORY_DAYS)
        for muscle, (week, prior, month) in sorted(per_muscle.items())
    ]
    # Exactly as the mart: the ratio unrounded against the threshold, with a full chronic window.
    spike = history >= FULL_CHRONIC_DAYS and chronic > 0 and 4 * acute / chronic > LOAD_SPIKE_ACWR
    return Load(day, acute, chronic, acwr, history, spike, muscles)
