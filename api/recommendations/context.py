"""What the recommenders need to know about a person, read from the app database at request time:
their sessions and top sets (by the rules of recsys/sessions.py, as training reads them from the
warehouse), the exercises they may be offered and recent muscle load; and the popularity answer
used when no model can."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import BigInteger

from api.enums import MuscleGroup
from api.models import User
from api.recommendations.next_workout import Candidate
from pulse.formulas import MAX_REPS_FOR_1RM
from recsys import sessions as rules
from recsys.sessions import HISTORY_SESSIONS, TOP_SET_SESSIONS, LoggedSet, SessionExercise, TopSet

POPULARITY_WINDOW = timedelta(days=90)
RECOVERY_WINDOW = timedelta(hours=48)
IDS = ARRAY(BigInteger)


def session_history(session: Session, user_id: int) -> tuple[list[list[int]], list[str]]:
    """The person's last HISTORY_SESSIONS sessions as exercise ids, oldest first, and their titles."""
    rows = session.execute(
        text(
            """
            WITH trained AS (  -- what a session holds: exercises with a set logged
                SELECT w.id AS workout_id, w.completed_at, w.name, we.exercise_id, we.position
                FROM app.workouts w
                JOIN app.workout_exercises we ON we.workout_id = w.id
                WHERE w.user_id = :user_id AND w.status = 'completed'
                  AND EXISTS (SELECT 1 FROM app.workout_sets s WHERE s.workout_exercise_id = we.id)
            ),
            latest AS (
                SELECT DISTINCT workout_id, completed_at FROM trained
                ORDER BY completed_at DESC, workout_id DESC
                LIMIT :limit
            )
            SELECT trained.workout_id, trained.completed_at, trained.name, trained.exercise_id, trained.position
            FROM trained JOIN latest USING (workout_id)
            """
        ),
        {"user_id": user_id, "limit": HISTORY_SESSIONS},
    ).all()
    sequence, titles = rules.session_sequence(
        SessionExercise(r.workout_id, r.completed_at, r.exercise_id, title=r.name or "", position=r.position) for r in rows
    )
    return [list(exercises) for exercises in sequence], list(titles)


def allowed_exercises(session: Session, user: User, muscle: MuscleGroup | None = None) -> dict[int, Candidate]:
    """Library exercises (and the person's own custom ones) their equipment allows; no one else's
    private exercise can ever be offered."""
    rows = session.execute(
        text(
            """
            SELECT id, name, primary_muscle::text, equipment::text, exercise_type::text, is_time_based, is_distance_based
            FROM app.exercises
            WHERE (owner_id IS NULL OR owner_id = :user_id)
              AND (equipment = 'NONE' OR equipment::text = ANY(:equipment))
              AND (CAST(:muscle AS app.muscle_group) IS NULL
                   OR primary_muscle = CAST(:muscle AS app.muscle_group)
                   OR CAST(:muscle AS app.muscle_group) = ANY(secondary_muscles))
            ORDER BY id
            """
        ).bindparams(bindparam("equipment", type_=ARRAY(Text))),
        {
            "user_id": user.id,
            "equipment": [e.value for e in user.available_equipment],
            "muscle": muscle.value if muscle else None,
        },
    ).all()
    return {r.id: Candidate(r.id, r.name, r.primary_muscle, r.equipment, r.exercise_type, r.is_time_based, r.is_distance_based) for r in rows}


def popularity(session: Session, user: User, allowed: list[int], k: int) -> list[tuple[int, float]]:
    """The fallback ranking: exercises most people with the same goal and level trained in the last
    90 days, then those most people trained at all, then the rest of the allowed ones."""
    rows = session.execute(
        text(
            """
            SELECT we.exercise_id,
                   count(DISTINCT w.user_id) FILTER (
                       WHERE u.fitness_goal = :goal AND u.experience_level = :level) AS segment_people,
                   count(DISTINCT w.user_id) AS people
            FROM app.workouts w
            JOIN app.users u ON u.id = w.user_id
            JOIN app.workout_exercises we ON we.workout_id = w.id
            WHERE w.status = 'completed' AND w.completed_at > now() - :window
              AND we.exercise_id = ANY(:allowed)
            GROUP BY we.exercise_id
            ORDER BY segment_people DESC, people DESC, we.exercise_id
            LIMIT :k
            """
        ).bindparams(bindparam("allowed", type_=IDS)),
        {
            "goal": user.fitness_goal.value,
            "level": user.experience_level.value,
            "window": POPULARITY_WINDOW,
            "allowed": allowed,
            "k": k,
        },
    ).all()
    top = max([r.segment_people for r in rows] + [1])
    ranked = [(r.exercise_id, round(r.segment_people / top, 6)) for r in rows]
    seen = {e for e, _ in ranked}
    ranked += [(e, 0.0) for e in allowed if e not in seen][: k - len(ranked)]
    return ranked


def effective_sets_48h(session: Session, user_id: int) -> dict[str, float]:
    """Working sets per muscle group in the last 48 hours: 1 for the primary muscle, 0.5 for each secondary."""
    rows = session.execute(
        text(
            """
            SELECT e.primary_muscle::text AS primary_muscle, e.secondary_muscles::text[] AS secondary, count(*) AS sets
            FROM app.workouts w
            JOIN app.workout_exercises we ON we.workout_id = w.id
            JOIN app.workout_sets s ON s.workout_exercise_id = we.id
            JOIN app.exercises e ON e.id = we.exercise_id
            WHERE w.user_id = :user_id AND w.status = 'completed' AND w.completed_at > now() - :window
              AND s.set_type <> 'warmup'
            GROUP BY e.id
            """
        ),
        {"user_id": user_id, "window": RECOVERY_WINDOW},
    ).all()
    load: dict[str, float] = defaultdict(float)
    for row in rows:
        load[row.primary_muscle] += row.sets
        for muscle in row.secondary:
            load[muscle] += 0.5 * row.sets
    return dict(load)


def top_set_histories(session: Session, user_id: int, exercise_ids: list[int]) -> dict[int, list[TopSet]]:
    """Per exercise, the top sets of the person's last TOP_SET_SESSIONS sessions that had one,
    oldest first (any of their exercises: progression is shown custom ones too). The query keeps
    the sessions with a set that can be a top set; `top_set` picks it."""
    rows = session.execute(
        text(
            """
            WITH entries AS (
                SELECT w.id AS workout_id, w.completed_at, we.id AS entry_id, we.exercise_id,
                       dense_rank() OVER (PARTITION BY we.exercise_id ORDER BY w.completed_at DESC, w.id DESC) AS back
                FROM app.workouts w
                JOIN app.workout_exercises we ON we.workout_id = w.id
                WHERE w.user_id = :user_id AND w.status = 'completed' AND we.exercise_id = ANY(:ids)
                  AND EXISTS (SELECT 1 FROM app.workout_sets s
                              WHERE s.workout_exercise_id = we.id AND s.set_type <> 'warmup'
                                AND s.weight_kg > 0 AND s.reps BETWEEN 1 AND :max_reps)
            )
            SELECT entries.workout_id, entries.completed_at, entries.exercise_id,
                   s.set_index, s.set_type = 'warmup' AS is_warmup, s.weight_kg, s.reps, s.rpe
            FROM entries JOIN app.workout_sets s ON s.workout_exercise_id = entries.entry_id
            WHERE entries.back <= :last
            """
        ).bindparams(bindparam("ids", type_=IDS)),
        {"user_id": user_id, "ids": exercise_ids, "max_reps": MAX_REPS_FOR_1RM, "last": TOP_SET_SESSIONS},
    ).all()
    sets: dict[tuple, list[LoggedSet]] = defaultdict(list)
    for r in rows:
        sets[(r.workout_id, r.completed_at, r.exercise_id)].append(LoggedSet(r.set_index, r.is_warmup, r.weight_kg, r.reps, r.rpe))
    trained = (SessionExercise(w, at, e, rules.top_set(logged)) for (w, at, e), logged in sets.items())
    return rules.top_set_histories(trained)
