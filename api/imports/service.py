"""Importing a person's history from another app's export, in one transaction.

Each session becomes a completed workout whose `client_id` is derived from the session's start and
content, so importing the same file again, or a later export of the same account, adds only
sessions that are not there yet. Exercise names are mapped to the library (api/imports/mapping.py)
or become the person's own exercises; what each name was mapped to is kept per person, reused by
their next import, and can be changed (`remap`), which re-points the imported sets.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import HTTPException, status
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.enums import ExerciseType, ImportStatus, WorkoutStatus
from api.exercises.service import get_visible
from api.goals.service import refresh_goals
from api.imports.formats import ExportFormat, ExportReader, ImportedExercise, ImportedSession, ReadOptions
from api.imports.mapping import ExerciseMatcher, LibraryExercise
from api.imports.schemas import ImportCounts, ImportOut
from api.models import Exercise, ExerciseNameMapping, Import, User, Workout, WorkoutExercise, WorkoutSet
from api.routines.service import group_by_title
from api.workouts.service import apply_totals
from pulse.units import UnitSystem

# Derives a workout's client_id from a session: the same session always gets the same id.
SESSION_NAMESPACE = uuid.UUID("5b0f3c1e-7f4a-4c55-9a57-2f7e2d8b6a11")
REJECTED_SHOWN = 200
# Sessions between flushes that let written workouts leave memory.
BATCH = 200


def session_key(session: ImportedSession) -> uuid.UUID:
    """The session's identity across exports: when it started, its title and its exercises."""
    exercises = "|".join(sorted({e.name.lower() for e in session.exercises}))
    started = session.started_at.astimezone(UTC).isoformat()
    return uuid.uuid5(SESSION_NAMESPACE, f"{started}|{session.title.lower()}|{exercises}")


@dataclass
class ImportOutcome:
    counts: Counter = field(default_factory=Counter)
    sets_per_name: Counter = field(default_factory=Counter)
    names: dict[str, ExerciseNameMapping] = field(default_factory=dict)
    suggestions: dict[str, list[dict]] = field(default_factory=dict)


class NameResolver:
    """The exercise each name means to this person: their earlier mapping, else the library's
    match, else a new custom exercise. New mappings are added to the session as they are made."""

    def __init__(self, session: Session, user: User) -> None:
        self.session, self.user = session, user
        library = session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))).all()
        self.exercises = {e.id: e for e in library}
        self.matcher = ExerciseMatcher(
            [LibraryExercise(e.id, e.name, e.equipment, e.primary_muscle) for e in library]
        )
        self.mappings = {m.source_name: m for m in session.scalars(select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id))}
        self.suggestions: dict[str, list[dict]] = {}

    def exercise_for(self, logged: ImportedExercise) -> Exercise:
        name = logged.name
        known = self.mappings.get(name)
        if known is not None:
            return self.exercises.get(known.exercise_id) or self.session.get(Exercise, known.exercise_id)
        match = self.matcher.match(name)
        self.suggestions[name] = [{"exercise_id": i, "name": n, "score": s} for i, n, s in match.suggestions]
        if match.exercise_id is not None:
            exercise, method, confidence = self.exercises[match.exercise_id], match.method, match.confidence
        else:
            exercise, method, confidence = self._custom(logged), "custom", 0.0
        mapping = ExerciseNameMapping(
            user_id=self.user.id, source_name=name, exercise_id=exercise.id, method=method,
            confidence=Decimal(str(confidence)), is_synthetic=self.user.is_synthetic,
        )
        self.session.add(mapping)
        self.mappings[name] = mapping
        return exercise

    def _custom(self, logged: ImportedExercise) -> Exercise:
        """The person's own exercise of this name (made now unless they have one already)."""
        name = logged.name
        existing = self.session.scalar(
            select(Exercise).where(Exercise.owner_id == self.user.id, func.lower(Exercise.name) == name.lower())
        )
        if existing is not None:
            return existing
        unloaded = all(s.weight_kg is None and s.reps is None for s in logged.sets)
        about = self.matcher.describe(name, cardio_sets=unloaded)
        cardio = about.exercise_type == ExerciseType.CARDIO
        exercise = Exercise(
            owner_id=self.user.id, name=name, description="Imported from another app.", primary_muscle=about.primary_muscle,
            secondary_muscles=[], equipment=about.equipment, exercise_type=about.exercise_type, difficulty=2,
            instructions=[], tips=[], is_distance_based=any(s.distance_m for s in logged.sets),
            is_time_based=unloaded and not any(s.distance_m for s in logged.sets),
            # Common MET values: moderate cardio, general weight training.
            met_value=Decimal("7.0") if cardio else Decimal("5.0"), is_synthetic=self.user.is_synthetic,
        )
        self.session.add(exercise)
        self.session.flush()
        self.exercises[exercise.id] = exercise
        return exercise


def _workout(user: User, imported: ImportedSession, key: uuid.UUID, resolver: NameResolver, outcome: ImportOutcome) -> Workout:
    workout = Workout(
        user_id=user.id, client_id=key, name=imported.title, notes=imported.notes, status=WorkoutStatus.completed,
        started_at=imported.started_at, completed_at=imported.completed_at, is_synthetic=user.is_synthetic,
    )
    for position, logged in enumerate(imported.exercises, start=1):
        exercise = resolver.exercise_for(logged)
        entry = WorkoutExercise(
            exercise_id=exercise.id, exercise=exercise, position=position, notes=logged.notes,
            imported_name=logged.name, is_synthetic=user.is_synthetic,
        )
        for index, s in enumerate(logged.sets, start=1):
            entry.sets.append(WorkoutSet(
                set_index=index, set_type=s.set_type, reps=s.reps, weight_kg=s.weight_kg, duration_s=s.duration_s,
                distance_m=s.distance_m, rpe=s.rpe, completed_at=imported.completed_at, is_synthetic=user.is_synthetic,
            ))
        workout.exercises.append(entry)
        outcome.sets_per_name[logged.name] += len(logged.sets)
    return workout


def import_sessions(session: Session, user: User, reader: ExportReader, progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Write every new session of the file; nothing is committed (the caller's transaction)."""
    outcome = ImportOutcome()
    resolver = NameResolver(session, user)
    existing = set(session.scalars(select(Workout.client_id).where(Workout.user_id == user.id, Workout.client_id.is_not(None))))
    pending: list[Workout] = []
    for imported in reader.sessions():
        outcome.counts["sessions_read"] += 1
        key = session_key(imported)
        if key in existing:
            outcome.counts["duplicates_skipped"] += 1
        else:
            existing.add(key)
            workout = _workout(user, imported, key, resolver, outcome)
            session.add(workout)
            apply_totals(session, user, workout)
            pending.append(workout)
            outcome.counts["workouts_created"] += 1
            outcome.counts["sets_created"] += imported.set_count
        if len(pending) >= BATCH:
            _release(session, pending)
        if progress is not None:
            progress(reader.rows_read)
    _release(session, pending)
    refresh_goals(session, user)
    outcome.counts["routines_created"] = group_by_title(session, user)
    outcome.names = resolver.mappings
    outcome.suggestions = resolver.suggestions
    return outcome


def _release(session: Session, workouts: list[Workout]) -> None:
    """Written workouts leave the session, so a long file never sits in memory."""
    session.flush()
    for workout in workouts:
        session.expunge(workout)
    workouts.clear()


def checked_import(session: Session, user: User, path: Path, file_name: str, options: ReadOptions) -> Import:
    """Read the whole file once, so that a file that cannot be read is refused (UnreadableFile
    names the line and column) before anything is written; then record the import, queued."""
    for _ in ExportReader(path, options).sessions():
        pass
    record = Import(
        user_id=user.id, file_name=file_name[:255].replace("\x00", ""), time_zone=options.time_zone.key, is_synthetic=user.is_synthetic,
    )
    session.add(record)
    session.commit()
    return record


def read_options(user: User, units: str | None, time_zone: str | None, fmt: str | None, participant: str | None = None) -> ReadOptions:
    """What the file may not say, from the request or else the person's settings."""
    weight_units = {"kg": UnitSystem.metric, "lb": UnitSystem.imperial}.get(units or "", user.unit_system)
    return ReadOptions(
        time_zone=ZoneInfo(time_zone or user.time_zone),
        weight_units=weight_units,
        units_source="request" if units else "profile",
        format=None if fmt in (None, "auto") else ExportFormat(fmt),
        participant=participant,
    )


def run_import(session: Session, user: User, record: Import, reader: ExportReader, progress: Callable[[int], None] | None = None) -> Import:
    """Import the file in one transaction and record the outcome on `record` (committed)."""
    record.status = ImportStatus.running
    record.format = reader.format.value
    record.weight_unit = {None: "per row", "metric": "kg", "imperial": "lb"}[reader.weight_units and reader.weight_units.value]
    record.weight_unit_source = reader.weight_units_source
    session.commit()
    record_id = record.id
    try:
        outcome = import_sessions(session, user, reader, progress)
        record = session.get(Import, record_id)
        _report(record, reader, outcome, session)
        record.status = ImportStatus.succeeded
    except Exception as error:
        session.rollback()  # nothing of the file is kept
        record = session.get(Import, record_id)
        record.status = ImportStatus.failed
        record.error = str(error)[:2000]
        record.counts = {"rows_read": reader.rows_read}
    record.finished_at = datetime.now(UTC)
    session.commit()
    return record


def _report(record: Import, reader: ExportReader, outcome: ImportOutcome, session: Session) -> None:
    names = []
    library = set(session.scalars(select(Exercise.id).where(Exercise.owner_id.is_(None))))
    mapped_sets = 0
    for name, sets in sorted(outcome.sets_per_name.items(), key=lambda item: -item[1]):
        mapping = outcome.names[name]
        exercise = session.get(Exercise, mapping.exercise_id)
        in_library = mapping.exercise_id in library
        mapped_sets += sets if in_library else 0
        names.append({
            "name": name, "sets": sets, "exercise_id": mapping.exercise_id, "exercise_name": exercise.name,
            "in_library": in_library, "method": mapping.method, "confidence": float(mapping.confidence),
            "suggestions": outcome.suggestions.get(name, []),
        })
    total_sets = sum(outcome.sets_per_name.values())
    record.counts = {
        "rows_read": reader.rows_read,
        "sessions_read": outcome.counts["sessions_read"],
        "workouts_created": outcome.counts["workouts_created"],
        "sets_created": outcome.counts["sets_created"],
        "duplicates_skipped": outcome.counts["duplicates_skipped"],
        "routines_created": outcome.counts["routines_created"],
        "rows_rejected": len(reader.rejected),
        "rest_timer_rows": reader.rest_timer_rows,
        "exercise_names": len(names),
        "exercise_names_unmatched": sum(1 for n in names if not n["in_library"]),
        "sets_mapped_to_library": mapped_sets,
        "share_of_sets_mapped": round(mapped_sets / total_sets, 4) if total_sets else None,
    }
    record.report = {
        "rejected": [{"line": r.line, "column": r.column, "reason": r.reason} for r in reader.rejected[:REJECTED_SHOWN]],
        "exercises": names,
    }


def remap(session: Session, user: User, source_name: str, exercise_id: int) -> tuple[ExerciseNameMapping, int]:
    """Point a name from the person's imports at another exercise, and move the sets already
    imported under it; returns the mapping and how many workout exercises moved."""
    mapping = session.scalar(
        select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id, ExerciseNameMapping.source_name == source_name)
    )
    if mapping is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"source_name {source_name!r} is not in any of your imports")
    get_visible(session, user, exercise_id)  # 404 for unknown ids and other people's exercises
    mapping.exercise_id, mapping.method, mapping.confidence = exercise_id, "confirmed", Decimal(1)
    owned = select(Workout.id).where(Workout.user_id == user.id)
    moved = session.execute(
        update(WorkoutExercise)
        .where(WorkoutExercise.workout_id.in_(owned), WorkoutExercise.imported_name == source_name)
        .values(exercise_id=exercise_id)
        .returning(WorkoutExercise.workout_id)
    ).scalars().all()
    session.expire_all()
    for workout in session.scalars(select(Workout).where(Workout.id.in_(set(moved)))):
        apply_totals(session, user, workout)  # calories follow the exercise's MET value
    refresh_goals(session, user)
    session.commit()
    return mapping, len(moved)


def import_out(record: Import) -> ImportOut:
    report = record.report or {}
    return ImportOut(
        id=record.id, status=record.status, file_name=record.file_name, format=record.format, weight_unit=record.weight_unit,
        weight_unit_source=record.weight_unit_source, time_zone=record.time_zone, counts=ImportCounts(**(record.counts or {})),
        rejected=report.get("rejected", []), exercises=report.get("exercises", []), error=record.error,
        created_at=record.created_at, finished_at=record.finished_at,
    )
