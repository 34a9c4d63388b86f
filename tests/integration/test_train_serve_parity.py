"""Training and serving see the same person: the same app rows go through the training path (ingest
→ dbt → features.feat_exercise_sessions → recsys) and through the serving path (the API's queries
at request time → the ML contract → recsys), and the models receive identical inputs: the same
sessions in the same order with the same exercises, and the same top sets.

The people are generated ones plus one written by hand with every edge the rules of
recsys/sessions.py name: more sessions than a model is shown, titles, a workout of custom exercises
only, an exercise without sets, warm-up-only and unqualified sets, ties between top sets, two workouts
finished in the same second, the same exercise twice in one workout, a workout still running."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from test_pipeline import prepared_database, run_pipeline

from api.enums import Equipment, ExerciseType, MuscleGroup, SetType, UnitSystem, WorkoutStatus
from api.exercises.schemas import ExerciseCreate
from api.exercises.service import create_custom
from api.models import Exercise, User
from api.recommendations import context
from api.users.schemas import UserCreate
from api.users.service import create_user
from api.workouts.schemas import SetIn, WorkoutCreate, WorkoutExerciseIn
from api.workouts.service import create_workout
from pipelines.ml.data import read_features
from pulse.database import drop_database
from recsys.progression import features
from recsys.sessions import HISTORY_SESSIONS, TOP_SET_SESSIONS, UserContext, contexts_from_frames, rows_from_frame, top_set_histories
from serving.contract import ProgressionInput, RecommendInput, TopSetIn

pytestmark = pytest.mark.slow
START = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)


def sets(*specs, warmup: int = 0) -> list[SetIn]:
    """(reps, kg[, rpe]) per working set, after `warmup` warm-up sets."""
    logged = [SetIn(set_type=SetType.warmup, reps=8, weight=Decimal(20)) for _ in range(warmup)]
    return logged + [SetIn(reps=s[0], weight=Decimal(str(s[1])), rpe=Decimal(str(s[2])) if len(s) > 2 else None) for s in specs]


def log(
    session: Session, person: User, began: datetime, entries: list[tuple[int, list[SetIn]]], status=WorkoutStatus.completed, minutes=50,
    name="session",
):
    create_workout(session, person, WorkoutCreate(
        name=name, status=status, started_at=began,
        completed_at=began + timedelta(minutes=minutes) if status == WorkoutStatus.completed else None,
        exercises=[WorkoutExerciseIn(exercise_id=e, sets=s) for e, s in entries],
    ), UnitSystem.metric)


NAMES = {"squat": "Barbell Back Squat", "bench": "Barbell Bench Press", "row": "Barbell Bent-Over Row", "press": "Barbell Overhead Press", "plank": "Plank"}


def write_the_edges(session: Session) -> tuple[int, dict[str, int]]:
    library = dict(session.execute(select(Exercise.name, Exercise.id).where(Exercise.owner_id.is_(None))).all())
    ids = {key: library[name] for key, name in NAMES.items()}
    squat, bench, row, press, plank = ids.values()
    person = create_user(session, UserCreate(email="parity@pulse.test", username="parity", password="long-enough"))
    custom = create_custom(session, person, ExerciseCreate(
        name="Garage sled push", primary_muscle=MuscleGroup.LEGS, equipment=Equipment.OTHER, exercise_type=ExerciseType.STRENGTH,
    )).id
    ids["custom"] = custom
    day = timedelta(days=1)
    # More sessions than a model is shown, and more top sets of the squat than progression is shown.
    for n in range(HISTORY_SESSIONS + 6):
        entries = [(squat, sets((5, 100 + 2.5 * n, 8), (5, 100 + 2.5 * n, 8.5), warmup=2))]
        entries.append((bench if n % 2 else row, sets((8, 60 + n), (8, 60 + n))))
        if n % 3 == 0:
            entries.append((custom, sets((10, 80))))
        log(session, person, START + n * day, entries, name=f"Day {'AB'[n % 2]}")
    last = START + (HISTORY_SESSIONS + 6) * day
    # A workout of the person's custom exercise only is a session too.
    log(session, person, last + 2 * day, [(custom, sets((10, 90)))], name="Sled")
    # An exercise without sets is not in the session; warm-ups only count for the session but give no top set.
    log(session, person, last + 3 * day, [(press, []), (bench, sets(warmup=3)), (plank, [SetIn(duration_s=60)])])
    # Ties: the same estimated 1RM at two weights (97.5 x 6 = 90 x 9) goes to the heavier set; the
    # same set twice goes to the earlier one (its RPE tells which). Over 12 reps, or 0 kg, never counts.
    log(session, person, last + 4 * day, [
        (row, sets((9, 90, 7), (6, 97.5, 8), (15, 120, 9))),
        (press, sets((5, 50, 7), (5, 50, 9), (3, 0))),
    ])
    # Two workouts finished in the same second, and the same exercise twice in one of them.
    same = last + 5 * day
    # Exercises keep the order they were logged in (the press before the bench, whatever their ids).
    log(session, person, same, [(press, sets((5, 52.5))), (bench, sets((5, 80, 8)))], name="Push")
    log(session, person, same, [(squat, sets((3, 150, 9))), (squat, sets((3, 152.5, 9.5)))], name="Legs")
    # Still running: not a session.
    log(session, person, last + 6 * day, [(squat, sets((1, 200)))], status=WorkoutStatus.in_progress)
    return person.id, ids


@pytest.fixture(scope="module")
def both_sides(server_url):
    url = prepared_database(server_url, "pulse_test_parity", people=12)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            edge_person, ids = write_the_edges(session)
        assert run_pipeline(url).success
        frames = read_features(url.render_as_string(hide_password=False))
        with Session(engine) as session:
            people = session.scalars(select(User)).all()
            exercise_ids = session.scalars(select(Exercise.id)).all()
            serving = {p.id: serving_inputs(session, p, exercise_ids) for p in people}
        yield (edge_person, ids), frames, serving
    finally:
        engine.dispose()
        drop_database(url)


def serving_inputs(session: Session, person: User, exercise_ids: list[int]):
    """What the API sends the ML service for this person, as the models receive it."""
    sessions, titles = context.session_history(session, person.id)
    allowed = context.allowed_exercises(session, person)
    request = RecommendInput(
        fitness_goal=person.fitness_goal.value, experience_level=person.experience_level.value, sessions=sessions, titles=titles,
        allowed_exercise_ids=list(allowed), exercise_muscles={e: c.primary_muscle for e, c in allowed.items()}, k=10,
    )
    histories = context.top_set_histories(session, person.id, exercise_ids)
    progression = ProgressionInput(histories={e: [TopSetIn(weight_kg=t.weight_kg, reps=t.reps, rpe=t.rpe) for t in h] for e, h in histories.items()})
    shown = UserContext(
        request.fitness_goal, request.experience_level, tuple(tuple(s) for s in request.sessions), tuple(request.titles),
        muscles=request.exercise_muscles,
    ).recent()
    return shown, {e: [(t.weight_kg, t.reps, t.rpe) for t in h] for e, h in progression.histories.items()}


def training_inputs(frames, user_id: int):
    """What training gives the models for this person: the context a model scores, and the top-set
    histories progression learns from (whole)."""
    trained = contexts_from_frames(frames.sessions, frames.profiles, frames.muscles)[user_id].recent()
    rows = rows_from_frame(frames.sessions[frames.sessions["user_id"] == user_id]).get(user_id, [])
    return trained, top_set_histories(rows, last=None)


def same_context(served: UserContext, trained: UserContext) -> bool:
    """Equal but for the muscle groups: serving knows those of the exercises the person may be
    offered, training those of every exercise; where both know one, they agree."""
    agree = all(trained.muscles.get(e) == muscle for e, muscle in served.muscles.items())
    return agree and bool(served.muscles) and replace(served, muscles={}) == replace(trained, muscles={})


def as_tuples(history):
    return [(t.weight_kg, t.reps, t.rpe) for t in history]


def test_every_person_gets_the_same_sessions_and_top_sets(both_sides):
    _, frames, serving = both_sides
    compared = 0
    for user_id, (served_context, served_top_sets) in serving.items():
        trained_context, trained_top_sets = training_inputs(frames, user_id)
        assert same_context(served_context, trained_context), user_id
        assert len(served_context.titles) == len(served_context.sessions), user_id
        assert served_top_sets == {e: as_tuples(h[-TOP_SET_SESSIONS:]) for e, h in trained_top_sets.items()}, user_id
        # Progression's features from the whole history equal those from what serving reads.
        for exercise_id, history in trained_top_sets.items():
            assert features(history) == features(history[-TOP_SET_SESSIONS:]), (user_id, exercise_id)
        compared += bool(trained_context.sessions)
    assert compared >= 10


def test_the_edges_follow_the_rules(both_sides):
    (edge_person, ids), frames, serving = both_sides
    served, top_sets = serving[edge_person]
    trained, _ = training_inputs(frames, edge_person)
    assert same_context(served, trained) and trained.muscles[ids["custom"]] == "LEGS"
    sessions = served.sessions
    # 36 programmed sessions + the custom-only one + the warm-up session + the ties session + two in
    # the same second, shown from the last 30; the running workout is not a session.
    assert len(sessions) == HISTORY_SESSIONS
    assert sessions[-5] == (ids["custom"],)
    assert sessions[-4] == (ids["bench"], ids["plank"])  # the press had no sets
    assert sessions[-3] == (ids["row"], ids["press"])
    # The same second: the workout with the smaller id first; in it, the order of logging.
    assert sessions[-2] == (ids["press"], ids["bench"]) != tuple(sorted(sessions[-2])) and sessions[-1] == (ids["squat"],)
    assert served.titles[-5:] == ("Sled", "session", "session", "Push", "Legs") and served.titles[0] in ("Day A", "Day B")
    assert sum(ids["custom"] in s for s in sessions) > 1
    # Top sets: the heavier of two equal estimates; the earlier of two equal sets; both entries of a double.
    assert top_sets[ids["row"]][-1] == (97.5, 6, 8.0)
    assert top_sets[ids["press"]][-2:] == [(50.0, 5, 7.0), (52.5, 5, None)]
    assert top_sets[ids["squat"]][-1] == (152.5, 3, 9.5)
    assert len(top_sets[ids["squat"]]) == TOP_SET_SESSIONS
    assert ids["bench"] in top_sets and top_sets[ids["bench"]][-1] == (80.0, 5, 8.0)
