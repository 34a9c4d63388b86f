"""The one definition of a training session and of a top set, and what the models see of a person.

Training reads a person's sessions from the warehouse (`features.feat_exercise_sessions`, which dbt
builds from the ingested app tables); serving reads them from the app database at request time
(`api/recommendations/context.py`). Both hand their rows to the functions below, and
`tests/integration/test_train_serve_parity.py` feeds the same app rows through both paths and
checks that the models receive identical inputs.

The rules:

- A **session** is one completed workout of one person. Its exercises are those with at least one
  set logged in it (sets of any type, warm-ups included), in the order they were logged (an
  exercise's first position in the workout; the smaller id first on a tie): library exercises and
  the person's own custom ones. Real lifters keep an order (the main lift first, the same warm-up
  every time), and the order is part of what a routine is. A session's **title** is the workout's name (a routine's name
  when it was started from one); `same_title` compares titles as `title_key` writes them.
- A person's custom exercise is only ever ranked for that person: models that learn a parameter per
  exercise (a `Catalog` column) ignore the ids outside their catalog, and the routine ranker learns
  from features of a person's own history, never from exercise ids.
- Sessions are ordered by completion time, then by workout id.
- A model is shown a person's last `HISTORY_SESSIONS` sessions (`UserContext.recent`); training
  learns from whole histories.
- The **top set** of an exercise in a session is its best working set: not a warm-up, weight above
  0, 1 to 12 reps, the highest estimated 1RM (Epley); ties go to the heavier set, then to the
  earlier one. The dbt model computes the same in SQL (its unit tests pin the ties).
- The progression model is shown an exercise's top sets of the person's last `TOP_SET_SESSIONS`
  sessions that had one, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

# pandas only where frames are read (training): the API imports these rules and must stay light.
if TYPE_CHECKING:
    import pandas as pd

from pulse.formulas import estimated_one_rep_max

HISTORY_SESSIONS = 30
TOP_SET_SESSIONS = 20
# Segment used when a person's goal or level is unknown to a model.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class UserContext:
    """A person as the recommenders see them: profile and sessions (exercise ids), oldest first,
    with each session's title and, when the app knows it, the title of the session about to start
    (a routine started by name); `muscles` holds the primary muscle group of the exercises the
    caller knows of (those to rank and those in the history), for models that read titles."""

    fitness_goal: str
    experience_level: str
    sessions: tuple[tuple[int, ...], ...] = ()
    titles: tuple[str, ...] = ()  # one per session ("" when unnamed); empty when not known at all
    next_title: str | None = None
    muscles: Mapping[int, str] = field(default_factory=dict, hash=False)

    @property
    def segment(self) -> str:
        return f"{self.fitness_goal}/{self.experience_level}"

    def recent(self) -> UserContext:
        """What a model is shown: the last HISTORY_SESSIONS sessions."""
        if len(self.sessions) <= HISTORY_SESSIONS:
            return self
        return replace(self, sessions=self.sessions[-HISTORY_SESSIONS:], titles=self.titles[-HISTORY_SESSIONS:])

    def before(self, cut: int, next_title: str | None = None) -> UserContext:
        """The person as they were before their session number `cut` (0-based), about to start it."""
        return replace(self, sessions=self.sessions[:cut], titles=self.titles[:cut], next_title=next_title)

    def title_of(self, index: int) -> str:
        return self.titles[index] if self.titles else ""


@dataclass(frozen=True)
class TopSet:
    weight_kg: float
    reps: int
    rpe: float | None = None

    @property
    def estimated_1rm_kg(self) -> float:
        return estimated_one_rep_max(self.weight_kg, self.reps) or self.weight_kg


@dataclass(frozen=True)
class LoggedSet:
    """One set of an exercise in a workout, as logged."""

    set_index: int
    is_warmup: bool
    weight_kg: float | None
    reps: int | None
    rpe: float | None = None


def top_set(sets: Iterable[LoggedSet]) -> TopSet | None:
    """The best working set by estimated 1RM (ties: heavier, then earlier); None when no set qualifies."""
    best, best_key = None, None
    for logged in sets:
        e1rm = None if logged.is_warmup else estimated_one_rep_max(logged.weight_kg, logged.reps)
        if e1rm is None:
            continue
        key = (e1rm, float(logged.weight_kg), -logged.set_index)
        if best_key is None or key > best_key:
            best, best_key = logged, key
    if best is None:
        return None
    return TopSet(float(best.weight_kg), int(best.reps), None if best.rpe is None else float(best.rpe))


@dataclass(frozen=True)
class SessionExercise:
    """One library exercise trained in one of a person's sessions (a row from either side)."""

    workout_id: int
    completed_at: datetime
    exercise_id: int
    top_set: TopSet | None = None
    title: str = ""
    position: int = 0  # the exercise's position in the workout

    @property
    def session_key(self) -> tuple[datetime, int]:
        return (self.completed_at, self.workout_id)


def session_likeness(a: set | frozenset, b: set | frozenset) -> float:
    """How alike two sessions are: the share of their exercises they have in common (Jaccard)."""
    return len(a & b) / max(len(a | b), 1)


def title_key(title: str | None) -> str:
    """What makes two titles the same: case, surrounding spaces and inner runs of spaces aside."""
    return " ".join((title or "").split()).casefold()


def session_sequence(rows: Iterable[SessionExercise]) -> tuple[tuple[tuple[int, ...], ...], tuple[str, ...]]:
    """One person's sessions, oldest first, each as its exercise ids in the order they were logged,
    and their titles."""
    sessions: dict[tuple[datetime, int], dict[int, int]] = {}
    titles: dict[tuple[datetime, int], str] = {}
    for row in rows:
        positions = sessions.setdefault(row.session_key, {})
        positions[row.exercise_id] = min(row.position, positions.get(row.exercise_id, row.position))
        titles[row.session_key] = row.title
    order = sorted(sessions)
    logged = (sorted(sessions[key], key=lambda e, p=sessions[key]: (p[e], e)) for key in order)
    return tuple(tuple(exercises) for exercises in logged), tuple(titles[key] for key in order)


def top_set_histories(rows: Iterable[SessionExercise], last: int | None = TOP_SET_SESSIONS) -> dict[int, list[TopSet]]:
    """One person's top sets per exercise in session order, the `last` few (None: all of them)."""
    ordered = sorted((r for r in rows if r.top_set is not None), key=lambda r: r.session_key)
    histories: dict[int, list[TopSet]] = {}
    for row in ordered:
        histories.setdefault(row.exercise_id, []).append(row.top_set)
    return {e: h[-last:] if last else h for e, h in histories.items()}


def rows_from_frame(frame: pd.DataFrame) -> dict[int, list[SessionExercise]]:
    """Rows of `features.feat_exercise_sessions` per person."""
    import pandas as pd

    rows: dict[int, list[SessionExercise]] = {}
    columns = ["user_id", "workout_id", "completed_at", "exercise_id", "top_set_weight_kg", "top_set_reps", "top_set_rpe", "workout_name",
               "exercise_position"]
    for user_id, workout_id, completed_at, exercise_id, weight, reps, rpe, title, position in frame[columns].itertuples(index=False):
        top = None if pd.isna(weight) or pd.isna(reps) else TopSet(float(weight), int(reps), None if pd.isna(rpe) else float(rpe))
        row = SessionExercise(int(workout_id), completed_at, int(exercise_id), top, str(title or ""), int(position))
        rows.setdefault(int(user_id), []).append(row)
    return rows


def contexts_from_frames(sessions: pd.DataFrame, profiles: pd.DataFrame, muscles: Mapping[int, str] | None = None) -> dict[int, UserContext]:
    """Whole histories for training. `sessions`: feat_exercise_sessions rows; `profiles`: user_id,
    fitness_goal, experience_level; `muscles`: every exercise's primary muscle group. People
    without sessions get an empty history."""
    rows = rows_from_frame(sessions)
    contexts = {}
    for user_id, goal, level in profiles[["user_id", "fitness_goal", "experience_level"]].itertuples(index=False):
        sequence, titles = session_sequence(rows.get(int(user_id), []))
        contexts[int(user_id)] = UserContext(str(goal or UNKNOWN), str(level or UNKNOWN), sequence, titles, muscles=muscles or {})
    return contexts
