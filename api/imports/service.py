"""Importing a person's history from another app's export, in one transaction.

Each session becomes a completed workout whose `client_id` is derived from the session's start and
content, so importing the same file again, or a later export of the same account, adds only
sessions that are not there yet. Exercise names are mapped to the library (api/imports/mapping.py)
or become the person's own exercises; what each name was mapped to is kept per person, reused by
their next import, and can be changed (`remap`), which re-points the imported sets.
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from fastapi import HTTPException, status
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from api.enums import ExerciseType, ImportStatus, WorkoutStatus
from api.exercises.service import get_visible
from api.goals.service import refresh_goals
from api.imports.formats import (
    CHOSEN_UNITS,
    PARTICIPANT,
    ExportFormat,
    ExportReader,
    ImportedExercise,
    ImportedSession,
    ReadOptions,
    UnreadableFile,
)
from api.imports.mapping import ExerciseMatcher, LibraryExercise
from api.imports.schemas import ImportCounts, ImportOut, ImportPreview, NamePreview, PreviewCounts, RejectedRow
from api.models import Exercise, ExerciseNameMapping, Import, RoutineExercise, User, Workout, WorkoutExercise, WorkoutSet
from api.routines.service import group_by_title
from api.workouts.service import apply_totals
from pulse.database import analyze_sql

# Derives a workout's client_id from a session: the same session always gets the same id.
SESSION_NAMESPACE = uuid.UUID("5b0f3c1e-7f4a-4c55-9a57-2f7e2d8b6a11")
REJECTED_SHOWN = 200
# Sessions between flushes that let written workouts leave memory.
BATCH = 200
UPLOAD_CHUNK = 1 << 20
# An import this large (a few years of training) changes the tables' shape for the planner: their
# statistics are refreshed at once. Smaller ones are left to autovacuum.
BULK_SETS = 1000


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


@dataclass(frozen=True)
class Resolution:
    """What a name from a file means to this person, decided without writing anything: an exercise,
    or None when the import will make a custom exercise of that name."""

    exercise: Exercise | None
    method: str  # exact, alias, fuzzy, custom, confirmed (or what an earlier import chose)
    confidence: float
    suggestions: list[dict]
    known: bool  # an earlier import or the person chose it


class NameResolver:
    """The exercise each name means to this person: their earlier mapping, else the library's
    match, else a custom exercise (theirs already, or made now). `resolve` only reads, so a preview
    says exactly what an import would do; `exercise_for` also records the mapping and makes the
    custom exercise, adding them to the session."""

    def __init__(self, session: Session, user: User) -> None:
        self.session, self.user = session, user
        library = session.scalars(select(Exercise).where(Exercise.owner_id.is_(None))).all()
        self.exercises = {e.id: e for e in library}
        self.matcher = ExerciseMatcher(
            [LibraryExercise(e.id, e.name, e.equipment, e.primary_muscle) for e in library]
        )
        self.mappings = {m.source_name: m for m in session.scalars(select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id))}
        self.suggestions: dict[str, list[dict]] = {}

    def resolve(self, name: str) -> Resolution:
        known = self.mappings.get(name)
        if known is not None:
            exercise = self.exercises.get(known.exercise_id) or self.session.get(Exercise, known.exercise_id)
            return Resolution(exercise, known.method, float(known.confidence), [], known=True)
        match = self.matcher.match(name)
        suggestions = [{"exercise_id": i, "name": n, "score": s} for i, n, s in match.suggestions]
        if match.exercise_id is not None:
            return Resolution(self.exercises[match.exercise_id], match.method, match.confidence, suggestions, known=False)
        own = self.session.scalar(
            select(Exercise).where(Exercise.owner_id == self.user.id, func.lower(Exercise.name) == name.lower())
        )
        return Resolution(own, "custom", 0.0, suggestions, known=False)

    def exercise_for(self, logged: ImportedExercise) -> Exercise:
        name = logged.name
        found = self.resolve(name)
        if found.known:
            return found.exercise
        self.suggestions[name] = found.suggestions
        exercise = found.exercise or self._new_custom(logged)
        mapping = ExerciseNameMapping(
            user_id=self.user.id, source_name=name, exercise_id=exercise.id, method=found.method,
            confidence=Decimal(str(found.confidence)), is_synthetic=self.user.is_synthetic,
        )
        self.session.add(mapping)
        self.mappings[name] = mapping
        return exercise

    def _new_custom(self, logged: ImportedExercise) -> Exercise:
        """A new exercise of the person's for a name that matched nothing."""
        name = logged.name
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


def known_sessions(session: Session, user: User) -> set[uuid.UUID]:
    """The keys of the person's workouts that carry one (imported sessions, offline uploads)."""
    return set(session.scalars(select(Workout.client_id).where(Workout.user_id == user.id, Workout.client_id.is_not(None))))


def import_sessions(session: Session, user: User, reader: ExportReader, progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Write every new session of the file; nothing is committed (the caller's transaction)."""
    outcome = ImportOutcome()
    resolver = NameResolver(session, user)
    existing = known_sessions(session, user)
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


def one_lifter(reader: ExportReader) -> ExportReader:
    """The reader, unless it would read several people's rows as one person's (a combined file
    read without choosing a participant): UnreadableFile then."""
    lifters = reader.participants() if reader.options.participant is None else []
    if len(lifters) > 1:
        column = list(reader.columns).index(PARTICIPANT) + 1
        raise UnreadableFile(1, column, f"the file holds several lifters ({', '.join(lifters)}): import one at a time with "
                             "`pulse import FILE --participant NAME`")
    return reader


def checked_import(session: Session, user: User, path: Path, file_name: str, options: ReadOptions) -> Import:
    """Read the whole file once, so that a file that cannot be read is refused (UnreadableFile
    names the line and column) before anything is written; then record the import, queued."""
    for _ in one_lifter(ExportReader(path, options)).sessions():
        pass
    record = Import(
        user_id=user.id, file_name=file_name[:255].replace("\x00", ""), time_zone=options.time_zone.key, is_synthetic=user.is_synthetic,
    )
    session.add(record)
    session.commit()
    return record


def save_upload(source: BinaryIO, folder: Path, user_id: int, limit: int) -> Path:
    """The uploaded file on disk (the reader reads a file twice, never a request body); 413 when
    it is over `limit` bytes, and then nothing is left behind."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{user_id}-{uuid.uuid4().hex}.csv"
    try:
        with open(path, "wb") as out:
            shutil.copyfileobj(source, out, UPLOAD_CHUNK)
        if path.stat().st_size > limit:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=f"file: larger than the limit of {limit} bytes")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def preview(session: Session, user: User, reader: ExportReader, file_name: str) -> ImportPreview:
    """What importing the file now would do: every session read and every name resolved the way
    the import does it (the person's earlier mappings first), and nothing written."""
    counts: Counter = Counter()
    sets_per_name: Counter = Counter()
    existing = known_sessions(session, user)
    first = last = None
    for imported in one_lifter(reader).sessions():
        counts["sessions_read"] += 1
        counts["sets_read"] += imported.set_count
        key = session_key(imported)
        if key in existing:
            counts["sessions_already_imported"] += 1
        else:
            existing.add(key)
            counts["workouts_to_create"] += 1
            counts["sets_to_create"] += imported.set_count
        for logged in imported.exercises:
            sets_per_name[logged.name] += len(logged.sets)
        first = imported.started_at if first is None else min(first, imported.started_at)
        last = imported.started_at if last is None else max(last, imported.started_at)
    resolver = NameResolver(session, user)
    names = []
    for name, sets in sorted(sets_per_name.items(), key=lambda item: (-item[1], item[0])):
        found = resolver.resolve(name)
        exercise = found.exercise
        names.append(NamePreview(
            name=name, sets=sets, exercise_id=exercise and exercise.id, exercise_name=exercise and exercise.name,
            in_library=exercise is not None and exercise.owner_id is None, method=found.method,
            confidence=found.confidence, suggestions=found.suggestions,
        ))
    mapped = sum(n.sets for n in names if n.in_library)
    zone = reader.options.time_zone
    return ImportPreview(
        file_name=file_name[:255].replace("\x00", ""), format=reader.format.value, weight_unit=weight_unit_label(reader),
        weight_unit_source=reader.weight_units_source, time_zone=zone.key,
        first_session_at=first and first.astimezone(zone), last_session_at=last and last.astimezone(zone),
        counts=PreviewCounts(
            **counts, rows_read=reader.rows_read, rows_rejected=len(reader.rejected), rest_timer_rows=reader.rest_timer_rows,
            exercise_names=len(names), exercise_names_unmatched=sum(1 for n in names if not n.in_library),
            sets_mapped_to_library=mapped, share_of_sets_mapped=round(mapped / counts["sets_read"], 4) if counts["sets_read"] else None,
        ),
        rejected=[RejectedRow(line=r.line, column=r.column, reason=r.reason) for r in reader.rejected[:REJECTED_SHOWN]],
        exercises=names,
    )


def weight_unit_label(reader: ExportReader) -> str:
    """kg, lb, or "per row" when each row names its unit (Strong's semicolon files)."""
    return {None: "per row", "metric": "kg", "imperial": "lb"}[reader.weight_units and reader.weight_units.value]


def read_options(user: User, units: str | None, time_zone: str | None, fmt: str | None, participant: str | None = None) -> ReadOptions:
    """What the file may not say, from the request or else the person's settings."""
    weight_units = CHOSEN_UNITS.get(units or "", user.unit_system)
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
    record.weight_unit = weight_unit_label(reader)
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
    if record.status == ImportStatus.succeeded and record.counts.get("sets_created", 0) >= BULK_SETS:
        session.execute(text(analyze_sql(("workouts", "workout_exercises", "workout_sets"))))
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
    imported under it (and the routines the import planned from them); returns the mapping and
    how many workout exercises moved."""
    mapping = session.scalar(
        select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id, ExerciseNameMapping.source_name == source_name)
    )
    if mapping is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"source_name {source_name!r} is not in any of your imports")
    get_visible(session, user, exercise_id)  # 404 for unknown ids and other people's exercises
    previous = mapping.exercise_id
    mapping.exercise_id, mapping.method, mapping.confidence = exercise_id, "confirmed", Decimal(1)
    owned = select(Workout.id).where(Workout.user_id == user.id)
    # Routines the imported workouts belong to were planned from them: their entries of the old
    # exercise follow too. Routines of the person's own making are theirs to change.
    planned_from_imports = select(Workout.routine_id).join(WorkoutExercise).where(
        Workout.user_id == user.id, Workout.routine_id.is_not(None), WorkoutExercise.imported_name == source_name,
    )
    session.execute(
        update(RoutineExercise)
        .where(RoutineExercise.routine_id.in_(planned_from_imports), RoutineExercise.exercise_id == previous)
        .values(exercise_id=exercise_id)
    )
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
