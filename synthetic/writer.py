"""Loading generated people into the app database with PostgreSQL COPY.

Ids come from blocks reserved on each table's identity sequence, so parents and children are
linked in memory and each table is written with one COPY per batch of people, without a round
trip per row. Everything happens in one transaction: a failure leaves nothing behind.
`updated_at` is left to its default (now()), because the pipelines extract on it.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import cache

import psycopg
from sqlalchemy.engine import URL, Engine

from api.core.security import hash_password
from pulse.database import analyze_sql, libpq_conninfo
from synthetic.catalog import Catalog
from synthetic.people import EMAIL_DOMAIN, email_prefix
from synthetic.plan import plan_population, validate
from synthetic.records import PersonPlan, Window

SYNTHETIC_PASSWORD = "synthetic-password"
# A batch is written when it has this many people or this many sets, whichever comes first:
# small enough to keep memory flat, large enough that COPY's per-statement cost disappears.
BATCH_PEOPLE = 200
BATCH_SETS = 50_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "email", "username", "hashed_password", "full_name", "date_of_birth", "height_m", "fitness_goal",
              "experience_level", "unit_system", "workout_visibility", "stats_visibility", "password_changed_at",
              "available_equipment", "is_discoverable", "is_verified", "weekly_target_sessions", "created_at", "is_synthetic"),
    "exercises": ("id", "owner_id", "name", "description", "primary_muscle", "secondary_muscles", "equipment",
                  "exercise_type", "difficulty", "instructions", "tips", "is_distance_based", "is_time_based",
                  "met_value", "created_at", "is_synthetic"),
    "friendships": ("id", "requester_id", "addressee_id", "status", "responded_at", "created_at", "is_synthetic"),
    "user_stats": ("id", "user_id", "recorded_at", "weight_kg", "body_fat_pct", "resting_heart_rate", "muscle_mass_kg", "notes",
                   "created_at", "is_synthetic"),
    "workouts": ("id", "user_id", "client_id", "name", "notes", "status", "scheduled_for", "started_at", "completed_at",
                 "duration_s", "total_volume_kg", "total_distance_m", "calories_kcal", "created_at", "is_synthetic"),
    "workout_exercises": ("id", "workout_id", "exercise_id", "position", "target_sets", "target_reps",
                          "target_weight_kg", "target_duration_s", "target_distance_m", "rest_seconds", "notes",
                          "created_at", "is_synthetic"),
    "workout_sets": ("id", "workout_exercise_id", "set_index", "set_type", "reps", "weight_kg", "duration_s",
                     "distance_m", "rpe", "completed_at", "created_at", "is_synthetic"),
    "user_goals": ("id", "user_id", "goal_type", "metric", "exercise_id", "title", "target_value", "start_value",
                   "current_value", "target_date", "is_achieved", "achieved_at", "created_at", "is_synthetic"),
    "recommendations": ("id", "user_id", "kind", "model_name", "model_version", "exercise_ids", "created_at", "is_synthetic"),
    "recommendation_feedback": ("id", "recommendation_id", "user_id", "exercise_id", "action", "created_at", "is_synthetic"),
    "user_blocks": ("id", "blocker_id", "blocked_id", "created_at", "is_synthetic"),
    "accountability_partners": ("id", "requester_id", "addressee_id", "status", "responded_at", "created_at", "is_synthetic"),
    "challenges": ("id", "creator_id", "title", "metric", "muscle_group", "starts_on", "ends_on", "created_at", "is_synthetic"),
    "challenge_participants": ("id", "challenge_id", "user_id", "status", "responded_at", "created_at", "is_synthetic"),
    "reactions": ("id", "workout_id", "user_id", "created_at", "is_synthetic"),
    "comments": ("id", "workout_id", "user_id", "body", "created_at", "is_synthetic"),
    "notifications": ("id", "user_id", "kind", "actor_id", "title", "body", "data", "read_at", "created_at", "is_synthetic"),
    "reports": ("id", "reporter_id", "subject", "reported_user_id", "reason", "details", "status", "resolved_at", "created_at",
                "is_synthetic"),
}
# Parents before children, so every foreign key points at a row already written.
WRITE_ORDER = (
    "users", "exercises", "friendships", "user_stats", "workouts", "workout_exercises", "workout_sets", "user_goals",
    "recommendations", "recommendation_feedback", "user_blocks", "reports", "accountability_partners", "challenges",
    "challenge_participants", "reactions", "comments", "notifications",
)
# A notification is read this long after it came (when that is before the data ends).
READ_AFTER = timedelta(hours=3)


class SeedAlreadyGenerated(ValueError):
    """The people of this seed are in the database already."""


def generate(
    engine_or_url: Engine | URL | str,
    users: int,
    days: int,
    seed: int,
    end: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Generate `users` synthetic people with `days` days of training ending at `end` (default:
    today, UTC) and load them; return the rows written per table. The same arguments give the
    same rows (ids and updated_at aside). Raises ValueError for bad arguments, an empty library,
    or a seed whose people are already in the database (nothing is written then)."""
    validate(users, days, seed, end)
    if end is None:
        # The simulated clock stops at noon of the last day: before noon, end yesterday, so no
        # workout is finished in the future.
        now = datetime.now(UTC)
        end = now.date() if now.hour >= 12 else now.date() - timedelta(days=1)
    with _transaction(engine_or_url) as conn:
        pattern = f"{email_prefix(seed)}%@{EMAIL_DOMAIN}"
        already = conn.execute("SELECT EXISTS (SELECT 1 FROM app.users WHERE lower(email) LIKE %s)", (pattern,)).fetchone()[0]
        if already:
            raise SeedAlreadyGenerated(f"seed {seed} was already generated; run `pulse db purge-synthetic` first")
        rows = conn.execute(
            "SELECT id, name, equipment, exercise_type, primary_muscle, is_distance_based, is_time_based, met_value, difficulty "
            "FROM app.exercises WHERE owner_id IS NULL"
        ).fetchall()
        if not rows:
            raise ValueError("the exercise library is empty; run `pulse db seed` first")
        catalog = Catalog.from_rows(row[1:] for row in rows)
        # Check the deferrable foreign key as each COPY ends, like the others: deferred to the
        # commit, its checks would pile up in memory and run after all the overlap is gone.
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        loader = Loader(conn, {row[1]: row[0] for row in rows}, users, Window.ending(end, days).now)
        with BackgroundWriter(loader, progress) as writer:
            batch: list[PersonPlan] = []
            batch_sets = 0
            for plan in plan_population(users, days, seed, end, catalog):
                batch.append(plan)
                batch_sets += sum(len(entry.sets) for w in plan.workouts for entry in w.entries)
                if len(batch) >= BATCH_PEOPLE or batch_sets >= BATCH_SETS:
                    writer.put(batch)
                    batch, batch_sets = [], 0
            if batch:
                writer.put(batch)
        # Inside the transaction: ANALYZE counts its own new rows, and its statistics commit with them.
        conn.execute(analyze_sql(table for table, rows in loader.counts.items() if rows))
        return dict(loader.counts)


class BackgroundWriter:
    """Writes batches on a second thread while the next batch is being simulated.

    PostgreSQL spends about as long checking keys and building indexes as Python spends
    simulating, and the GIL is released while waiting on the server, so on two cores the two
    overlap. At most two batches wait in the queue, which keeps memory flat. Progress is
    reported from the caller's thread, as people are written.
    """

    def __init__(self, loader: Loader, progress: Callable[[int], None] | None) -> None:
        self.loader = loader
        self.progress = progress
        self.queue: queue.Queue[list[PersonPlan] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.written = 0  # people written by the thread
        self.reported = 0  # people reported to `progress`
        self.thread = threading.Thread(target=self._run, name="generate-writer", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        self.thread.start()
        return self

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.loader.write(batch)
                    self.written += len(batch)
                except BaseException as error:  # handed to the caller's thread
                    self.error = error

    def _report(self) -> None:
        done = self.written
        if self.progress and done > self.reported:
            self.progress(done - self.reported)
        self.reported = done

    def put(self, batch: list[PersonPlan]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)
        self._report()

    def __exit__(self, kind, value, traceback) -> None:
        if value is not None and self.error is None:
            self.error = value  # the caller failed: skip whatever is still queued
        self.queue.put(None)
        while self.thread.is_alive():  # the last batches are still being written: keep reporting
            self.thread.join(timeout=0.25)
            if value is None and self.error is None:
                self._report()
        if value is None:
            if self.error is not None:
                raise self.error
            self._report()


@cache
def synthetic_password_hash() -> str:
    """One argon2 hash shared by every generated account (argon2 is slow by design). It is
    computed once per process; its random salt is the one thing that differs between runs."""
    return hash_password(SYNTHETIC_PASSWORD)


@contextmanager
def _transaction(engine_or_url: Engine | URL | str) -> Iterator[psycopg.Connection]:
    """A psycopg connection inside one transaction, committed when the block succeeds (also on
    an engine that autocommits, since a half-written population is worse than none)."""
    if isinstance(engine_or_url, Engine):
        raw = engine_or_url.raw_connection()
        try:
            conn = raw.driver_connection
            if not isinstance(conn, psycopg.Connection):
                raise TypeError("generate needs an engine using psycopg 3 (postgresql+psycopg://)")
            yield from _committed(conn)
        finally:
            raw.close()
    else:
        with psycopg.connect(libpq_conninfo(engine_or_url)) as conn:
            yield from _committed(conn)


def _committed(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    try:
        with conn.transaction():
            yield conn
        conn.commit()  # a transaction already open on a pooled connection ends here
    except BaseException:
        conn.rollback()
        raise


class Loader:
    """Writes batches of people, numbering rows from blocks reserved on the id sequences."""

    def __init__(self, conn: psycopg.Connection, library_ids: dict[str, int], users: int, now: datetime) -> None:
        self.conn = conn
        self.library_ids = library_ids
        self.now = now  # where the simulated clock stops
        # Notifications name the person who caused them; people are written in index order.
        self.usernames: dict[int, str] = {}
        self.counts = dict.fromkeys(WRITE_ORDER, 0)
        self.sequences = {
            table: conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (f"app.{table}",)).fetchone()[0]
            for table in WRITE_ORDER
        }
        self.password_hash = synthetic_password_hash()
        # People may befriend anyone generated before them, so all user ids are reserved up front.
        self.first_user_id = self._reserve("users", users)

    def _reserve(self, table: str, count: int) -> int:
        """The first of `count` consecutive ids taken from the table's sequence.

        nextval and setval run in one statement, so another writer can only slip in between
        in a tiny window; if it did, its id would collide with ours, COPY would fail on the
        primary key and the whole run would roll back: a failed run, never mixed-up rows."""
        if count == 0:
            return 0
        last = self.conn.execute(
            "SELECT setval(%s::regclass, nextval(%s::regclass) + %s - 1)",
            (self.sequences[table], self.sequences[table], count),
        ).fetchone()[0]
        return last - count + 1

    def user_id(self, index: int) -> int:
        return self.first_user_id + index

    def write(self, batch: list[PersonPlan]) -> None:
        for table, lines in self.format(batch).items():
            if lines:
                statement = f"COPY app.{table} ({', '.join(COLUMNS[table])}) FROM STDIN"
                with self.conn.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.write("".join(lines))
                self.counts[table] += len(lines)

    def format(self, batch: list[PersonPlan]) -> dict[str, list[str]]:
        """COPY text lines per table, with ids taken from freshly reserved blocks."""
        lines: dict[str, list[str]] = {table: [] for table in WRITE_ORDER}
        custom_ids: dict[tuple[int, str], int] = {}
        next_custom = self._reserve("exercises", sum(len(p.custom_exercises) for p in batch))
        for plan in batch:
            for exercise in plan.custom_exercises:
                custom_ids[(plan.person.index, exercise.name)] = next_custom
                next_custom += 1
        library_ids = self.library_ids

        def exercise_id(exercise) -> int:
            if exercise.owner_index is None:
                return library_ids[exercise.name]
            return custom_ids[(exercise.owner_index, exercise.name)]

        workouts = [w for p in batch for w in p.workouts]
        next_workout = self._reserve("workouts", len(workouts))
        next_entry = self._reserve("workout_exercises", sum(len(w.entries) for w in workouts))
        next_set = self._reserve("workout_sets", sum(len(e.sets) for w in workouts for e in w.entries))
        next_stat = self._reserve("user_stats", sum(len(p.stats) for p in batch))
        next_goal = self._reserve("user_goals", sum(len(p.goals) for p in batch))
        next_friendship = self._reserve("friendships", sum(len(p.friendships) for p in batch))
        next_recommendation = self._reserve("recommendations", sum(len(p.recommendations) for p in batch))
        next_feedback = self._reserve("recommendation_feedback", sum(len(r.feedback) for p in batch for r in p.recommendations))
        next_block = self._reserve("user_blocks", sum(len(p.blocks) for p in batch))
        next_report = self._reserve("reports", sum(len(p.reports) for p in batch))
        next_partner = self._reserve("accountability_partners", sum(len(p.partners) for p in batch))
        next_challenge = self._reserve("challenges", sum(len(p.challenges) for p in batch))
        next_participant = self._reserve("challenge_participants", sum(len(c.invitees) + 1 for p in batch for c in p.challenges))
        next_reaction = self._reserve("reactions", sum(s.body is None for p in batch for s in p.social))
        next_comment = self._reserve("comments", sum(s.body is not None for p in batch for s in p.social))
        notes: list[tuple] = []  # (user_id, kind, actor_id, title, body, data, created_at)
        users, exercises, friendships = lines["users"], lines["exercises"], lines["friendships"]
        recommendations, feedback = lines["recommendations"], lines["recommendation_feedback"]
        stats, workout_rows, entry_rows, set_rows, goals = (
            lines["user_stats"], lines["workouts"], lines["workout_exercises"], lines["workout_sets"], lines["user_goals"],
        )

        for plan in batch:
            person = plan.person
            uid = self.user_id(person.index)
            self.usernames[uid] = person.username
            joined = person.joined_at.isoformat()
            users.append(_line(
                uid, person.email, person.username, self.password_hash, person.full_name, person.date_of_birth,
                person.height_m, person.fitness_goal, person.experience, person.unit_system, person.workout_visibility,
                person.stats_visibility, joined, _plain_array(person.available_equipment), person.is_discoverable, person.is_verified,
                plan.weekly_target, joined, True,
            ))
            for e in plan.custom_exercises:
                exercises.append(_line(
                    custom_ids[(person.index, e.name)], uid, e.name, e.description, e.primary_muscle,
                    _array(e.secondary_muscles), e.equipment, e.exercise_type, e.difficulty,
                    _array([f"Perform the {e.name.lower()} with control through the full range."]), "{}",
                    e.is_distance_based, e.is_time_based, e.met, joined, True,
                ))
            for f in plan.friendships:
                friendships.append(_line(
                    next_friendship, self.user_id(f.requester), self.user_id(f.addressee), f.status, f.responded_at,
                    f.created_at, True,
                ))
                notes.append((self.user_id(f.addressee), "friend_request", self.user_id(f.requester), "sent you a friend request", "",
                              {"friendship_id": next_friendship}, f.created_at, f.responded_at))
                next_friendship += 1
            first_workout = next_workout  # this person's workouts take the next ids, in order
            for s in plan.social:
                workout_id, actor = first_workout + s.workout, self.user_id(s.actor)
                if s.body is None:
                    lines["reactions"].append(_line(next_reaction, workout_id, actor, s.created_at, True))
                    notes.append((uid, "reaction", actor, "gave you kudos", "", {"workout_id": workout_id}, s.created_at, None))
                    next_reaction += 1
                else:
                    lines["comments"].append(_line(next_comment, workout_id, actor, s.body, s.created_at, True))
                    notes.append((uid, "comment", actor, "commented on your workout", s.body,
                                  {"workout_id": workout_id, "comment_id": next_comment}, s.created_at, None))
                    next_comment += 1
            for p in plan.partners:
                lines["accountability_partners"].append(_line(next_partner, uid, self.user_id(p.partner), "accepted", p.responded_at, p.created_at, True))
                notes.append((self.user_id(p.partner), "partner_request", uid, "asks you to be accountability partners", "",
                              {"partnership_id": next_partner}, p.created_at, p.responded_at))
                next_partner += 1
            for c in plan.challenges:
                lines["challenges"].append(_line(next_challenge, uid, c.title, c.metric, c.muscle_group, c.starts_on, c.ends_on, c.created_at, True))
                lines["challenge_participants"].append(_line(next_participant, next_challenge, uid, "joined", c.created_at, c.created_at, True))
                next_participant += 1
                for invitee, status, answered in c.invitees:
                    lines["challenge_participants"].append(_line(next_participant, next_challenge, self.user_id(invitee), status, answered, c.created_at, True))
                    notes.append((self.user_id(invitee), "challenge_invite", uid, f"invites you to {c.title}", "",
                                  {"challenge_id": next_challenge}, c.created_at, answered))
                    next_participant += 1
                next_challenge += 1
            for b in plan.blocks:
                lines["user_blocks"].append(_line(next_block, uid, self.user_id(b.blocked), b.created_at, True))
                next_block += 1
            for r in plan.reports:
                lines["reports"].append(_line(
                    next_report, uid, "user", self.user_id(r.reported), r.reason, r.details, r.status, r.resolved_at, r.created_at, True,
                ))
                next_report += 1
            for s in plan.stats:
                stats.append(_line(
                    next_stat, uid, s.recorded_at, s.weight_kg, s.body_fat_pct, s.resting_heart_rate, s.muscle_mass_kg, s.notes,
                    s.recorded_at, True,
                ))
                next_stat += 1
            for w in plan.workouts:
                created = w.created_at.isoformat()
                finished = w.completed_at.isoformat() if w.completed_at else None
                workout_rows.append(_line(
                    next_workout, uid, w.client_id, w.name, w.notes, w.status, w.scheduled_for, w.started_at,
                    w.completed_at, w.duration_s, w.total_volume_kg, w.total_distance_m, w.calories_kcal, created, True,
                ))
                for entry in w.entries:
                    entry_rows.append(
                        f"{next_entry}\t{next_workout}\t{exercise_id(entry.exercise)}\t{entry.position}\t"
                        f"{_n(entry.target_sets)}\t{_n(entry.target_reps)}\t{_n(entry.target_weight_kg)}\t"
                        f"{_n(entry.target_duration_s)}\t{_n(entry.target_distance_m)}\t{_n(entry.rest_seconds)}\t"
                        f"{_text(entry.notes)}\t{created}\tt\n"
                    )
                    # The hot loop: sets are most of the rows, so they are formatted inline.
                    for s in entry.sets:
                        # Sets are logged as they happen or uploaded with the finished workout.
                        done = s.completed_at.isoformat()
                        logged = done if s.created_at == s.completed_at else finished if s.created_at == w.completed_at \
                            else s.created_at.isoformat()
                        set_rows.append(
                            f"{next_set}\t{next_entry}\t{s.set_index}\t{s.set_type}\t{_n(s.reps)}\t{_n(s.weight_kg)}\t"
                            f"{_n(s.duration_s)}\t{_n(s.distance_m)}\t{_n(s.rpe)}\t{done}\t{logged}\tt\n"
                        )
                        next_set += 1
                    next_entry += 1
                next_workout += 1
            for g in plan.goals:
                goals.append(_line(
                    next_goal, uid, g.goal_type, g.metric, exercise_id(g.exercise) if g.exercise else None, g.title,
                    g.target_value, g.start_value, g.current_value, g.target_date, g.achieved_at is not None,
                    g.achieved_at, g.created_at, True,
                ))
                next_goal += 1
            for r in plan.recommendations:
                recommendations.append(_line(
                    next_recommendation, uid, r.kind, r.model_name, r.model_version,
                    _plain_array(exercise_id(e) for e in r.exercises), r.created_at, True,
                ))
                for f in r.feedback:
                    feedback.append(_line(next_feedback, next_recommendation, uid, exercise_id(f.exercise), f.action, f.created_at, True))
                    next_feedback += 1
                next_recommendation += 1
        # Notifications last: their ids are reserved once all are known. The actor's name is the
        # title's first word, as the API writes them.
        next_note = self._reserve("notifications", len(notes))
        for user_id, kind, actor_id, title, body, data, created, read in notes:
            read_at = read or (created + READ_AFTER if created + READ_AFTER < self.now else None)
            lines["notifications"].append(_line(
                next_note, user_id, kind, actor_id, f"{self.usernames[actor_id]} {title}", body, json.dumps(data), read_at, created, True,
            ))
            next_note += 1
        return lines


# ---- COPY text format ------------------------------------------------------------------------
# Tab-separated columns, \N for NULL, backslash escapes in text (PostgreSQL's COPY text format).

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _n(value) -> str:
    """A number (or NULL)."""
    return "\\N" if value is None else str(value)


def _text(value: str | None) -> str:
    return "\\N" if value is None else value.translate(_ESCAPES)


def _field(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _line(*values) -> str:
    return "\t".join(map(_field, values)) + "\n"


def _plain_array(items) -> str:
    """A PostgreSQL array literal of numbers or enum labels (nothing to quote)."""
    return "{" + ",".join(map(str, items)) + "}"


def _array(items) -> str:
    """A PostgreSQL array literal of quoted text elements."""
    quoted = ('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in items)
    return "{" + ",".join(quoted) + "}"
