"""How much the generated people train like real lifters: the same figures computed for the
generated people in a database and for a folder of real Strong/Hevy exports, side by side
(`pulse generate --compare-with DIR`; the table lives in docs/ml.md).

Each figure is computed per person, then averaged over people, so one lifter with years of
history weighs as much as one with months. Only people who lift are compared (at least half of
their sessions hold a set with a weight): the real exports are lifters, and the generator's
runners would say nothing about them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from recsys.sessions import LoggedSet, session_likeness, top_set

# Two sessions "repeat" when they share this much of their exercises (Jaccard).
REPEAT_LIKENESS = 0.75
# How far back a repeat is looked for, in sessions.
REPEAT_WINDOW = 10
SIX_MONTHS_DAYS = 182
DAYS_PER_MONTH = 30.44
# A top-set trend needs this many sessions of the exercise over at least this many days.
TREND_SESSIONS, TREND_DAYS = 4, 28
TOLERANCE = 0.25


@dataclass(frozen=True)
class TrainedSession:
    """One session as the figures see it: when, and each exercise's sets (weight kg, reps, warm-up)."""

    started_at: datetime
    exercises: dict[str, tuple[tuple[float | None, int | None, bool], ...]]


FIGURES = {
    "sessions_per_week": "sessions per week",
    "exercises_per_session": "exercises per session",
    "sets_per_exercise": "working sets per exercise",
    "distinct_exercises_6_months": "distinct exercises in the last 6 months",
    "repeat_share": "share of sessions repeating one of the last 10",
    "rotation_length": "sessions until a session repeats",
    "top_set_change_kg_per_month": "top-set weight change, kg per month",
}


def person_figures(sessions: list[TrainedSession]) -> dict[str, float]:
    """The figures of one person (sessions in time order); a figure the history cannot give is left out."""
    figures: dict[str, float] = {}
    if len(sessions) < 2:
        return figures
    weeks = max((sessions[-1].started_at - sessions[0].started_at).days / 7, 1.0)
    figures["sessions_per_week"] = len(sessions) / weeks
    figures["exercises_per_session"] = statistics.fmean(len(s.exercises) for s in sessions)
    working = [sum(not warmup for _, _, warmup in sets) for s in sessions for sets in s.exercises.values()]
    figures["sets_per_exercise"] = statistics.fmean(working)
    since = sessions[-1].started_at.timestamp() - SIX_MONTHS_DAYS * 86400
    figures["distinct_exercises_6_months"] = len({e for s in sessions if s.started_at.timestamp() >= since for e in s.exercises})
    repeats, gaps = 0, []
    for i in range(REPEAT_WINDOW, len(sessions)):
        current = set(sessions[i].exercises)
        back = next((k for k in range(1, REPEAT_WINDOW + 1) if session_likeness(current, set(sessions[i - k].exercises)) >= REPEAT_LIKENESS), None)
        if back is not None:
            repeats += 1
            gaps.append(back)
    if len(sessions) > REPEAT_WINDOW:
        figures["repeat_share"] = repeats / (len(sessions) - REPEAT_WINDOW)
    if gaps:
        figures["rotation_length"] = statistics.median(gaps)
    trends = _top_set_trends(sessions)
    if trends:
        figures["top_set_change_kg_per_month"] = statistics.median(trends)
    return figures


def _top_set_trends(sessions: list[TrainedSession]) -> list[float]:
    """Per exercise with enough loaded sessions: the least-squares slope of its top-set weight, kg per month."""
    points: dict[str, list[tuple[float, float]]] = {}
    for s in sessions:
        for name, sets in s.exercises.items():
            best = top_set(LoggedSet(i, warmup, weight, reps) for i, (weight, reps, warmup) in enumerate(sets, 1))
            if best is not None:
                points.setdefault(name, []).append((s.started_at.timestamp() / 86400, best.weight_kg))
    slopes = []
    for series in points.values():
        days = [d for d, _ in series]
        if len(series) >= TREND_SESSIONS and days[-1] - days[0] >= TREND_DAYS:
            mean_day, mean_weight = statistics.fmean(days), statistics.fmean(w for _, w in series)
            spread = sum((d - mean_day) ** 2 for d in days)
            slopes.append(sum((d - mean_day) * (w - mean_weight) for d, w in series) / spread * DAYS_PER_MONTH)
    return slopes


def lifts(sessions: list[TrainedSession]) -> bool:
    loaded = sum(any(w for sets in s.exercises.values() for w, _, _ in sets) for s in sessions)
    return bool(sessions) and loaded >= len(sessions) / 2


def population_figures(people: Iterable[list[TrainedSession]]) -> tuple[dict[str, float], int]:
    """Each figure averaged over the people who lift and have it, and how many people lift."""
    lifters = [p for p in people if lifts(p)]
    per_person = [person_figures(p) for p in lifters]
    averaged = {}
    for key in FIGURES:
        values = [f[key] for f in per_person if key in f]
        if values:
            averaged[key] = statistics.fmean(values)
    return averaged, len(lifters)


def real_people(folder: Path) -> list[list[TrainedSession]]:
    """Every lifter of every CSV in the folder (one per file, or one per Participant), read by the
    import's own reader; exercises are told apart by their names in the file."""
    from zoneinfo import ZoneInfo

    from api.imports.formats import ExportReader, UnreadableFile, folder_lifters
    from pulse.units import UnitSystem

    people = []
    for lifter in folder_lifters(folder):
        try:
            reader = ExportReader(lifter.path, lifter.options(ZoneInfo("UTC"), UnitSystem.metric))
            sessions = [
                TrainedSession(
                    imported.started_at,
                    {e.name: tuple((None if s.weight_kg is None else float(s.weight_kg), s.reps, s.set_type == "warmup") for s in e.sets)
                     for e in imported.exercises if e.sets},
                )
                for imported in reader.sessions()
            ]
            people.append(sorted((s for s in sessions if s.exercises), key=lambda s: s.started_at))
        except UnreadableFile as error:
            raise UnreadableFile(error.line, error.column, f"{lifter.path.name}: {error.message}") from error
    return people


def generated_people(engine) -> list[list[TrainedSession]]:
    """The generated people's completed workouts in a database."""
    from sqlalchemy import text

    query = text(
        """
        SELECT w.user_id, w.id, w.started_at, we.exercise_id, s.weight_kg, s.reps, s.set_type = 'warmup'
        FROM app.workouts w
        JOIN app.users u ON u.id = w.user_id AND u.is_synthetic
        JOIN app.workout_exercises we ON we.workout_id = w.id
        JOIN app.workout_sets s ON s.workout_exercise_id = we.id
        WHERE w.status = 'completed'
        ORDER BY w.user_id, w.started_at, w.id, we.position, s.set_index
        """
    )
    people: dict[int, dict[int, TrainedSession]] = {}
    with engine.connect() as conn:
        for user_id, workout_id, started_at, exercise_id, weight, reps, warmup in conn.execute(query):
            session = people.setdefault(user_id, {}).setdefault(workout_id, TrainedSession(started_at, {}))
            logged = (None if weight is None else float(weight), reps, bool(warmup))
            session.exercises[str(exercise_id)] = session.exercises.get(str(exercise_id), ()) + (logged,)
    return [list(sessions.values()) for sessions in people.values()]


def comparison_table(generated: dict[str, float], generated_count: int, real: dict[str, float], real_count: int) -> str:
    """A markdown table: each figure for both, the ratio, and whether it is within ±25 %."""
    lines = [
        f"| figure | generated ({generated_count} lifters) | real ({real_count} lifters) | generated / real | within ±{TOLERANCE:.0%} |",
        "|---|---|---|---|---|",
    ]
    for key, label in FIGURES.items():
        g, r = generated.get(key), real.get(key)
        ratio = g / r if g is not None and r not in (None, 0) else None
        ok = "yes" if ratio is not None and abs(ratio - 1) <= TOLERANCE else "no"
        cell = lambda v: "—" if v is None else f"{v:.2f}"
        lines.append(f"| {label} | {cell(g)} | {cell(r)} | {cell(ratio)} | {ok} |")
    return "\n".join(lines)
