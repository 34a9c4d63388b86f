"""The rules of recsys/sessions.py on rows written by hand (the parity test runs them on real
databases): order, the window a model is shown, and which set is the top set."""

from datetime import UTC, datetime, timedelta

from recsys.sessions import (
    HISTORY_SESSIONS,
    TOP_SET_SESSIONS,
    LoggedSet,
    SessionExercise,
    TopSet,
    UserContext,
    session_sequence,
    title_key,
    top_set,
    top_set_histories,
)

T0 = datetime(2026, 3, 1, 10, tzinfo=UTC)


def test_sessions_are_ordered_by_time_then_workout_and_hold_each_exercise_once_in_logged_order():
    rows = [
        SessionExercise(9, T0 + timedelta(days=1), 5, title="Pull"),
        SessionExercise(3, T0, 7, title="Push", position=3),
        SessionExercise(3, T0, 2, title="Push", position=1),
        SessionExercise(3, T0, 8, title="Push", position=0),
        SessionExercise(4, T0 + timedelta(days=1), 1, title="Legs"),  # same second as workout 9: the smaller id first
        SessionExercise(3, T0, 7, title="Push", position=0),  # the same exercise twice in one workout: its first place
        SessionExercise(9, T0 + timedelta(days=1), 4, title="Pull"),  # the same position: the smaller id first
    ]
    assert session_sequence(rows) == (((7, 8, 2), (1,), (4, 5)), ("Push", "Legs", "Pull"))
    assert session_sequence([]) == ((), ())


def test_titles_are_the_same_whatever_their_case_and_spacing():
    assert title_key("  Push   Day ") == title_key("push day") == "push day"
    assert title_key(None) == title_key("") == ""
    assert title_key("Leg Day 🦵") != title_key("Leg Day")


def test_a_model_is_shown_the_last_sessions_only():
    long = UserContext("strength", "beginner", tuple((n,) for n in range(HISTORY_SESSIONS + 5)))
    assert long.recent().sessions == long.sessions[-HISTORY_SESSIONS:]
    short = UserContext("strength", "beginner", ((1,), (2,)))
    assert short.recent() is short
    titled = UserContext("strength", "beginner", long.sessions, tuple(f"Day {n % 3}" for n in range(len(long.sessions))))
    assert titled.recent().titles == titled.titles[-HISTORY_SESSIONS:] and len(titled.recent().titles) == HISTORY_SESSIONS
    before = titled.before(4, "Day 1")
    assert before.sessions == titled.sessions[:4] and before.titles == titled.titles[:4] and before.next_title == "Day 1"


def test_the_top_set_is_the_best_working_estimate_then_the_heavier_then_the_earlier():
    assert top_set([
        LoggedSet(1, True, 140.0, 5),  # a warm-up never counts, however heavy
        LoggedSet(2, False, 90.0, 9, 7.0),  # 117 kg estimated
        LoggedSet(3, False, 97.5, 6, 8.0),  # 117 kg too, and heavier
        LoggedSet(4, False, 150.0, 15),  # over 12 reps: no estimate
    ]) == TopSet(97.5, 6, 8.0)
    assert top_set([LoggedSet(2, False, 50.0, 5, 9.0), LoggedSet(1, False, 50.0, 5, 7.0)]) == TopSet(50.0, 5, 7.0)
    assert top_set([LoggedSet(1, False, 0.0, 5), LoggedSet(2, True, 20.0, 8), LoggedSet(3, False, None, 30)]) is None


def test_top_set_histories_follow_session_order_and_keep_the_last_ones():
    rows = [SessionExercise(n, T0 + timedelta(days=n), 1, TopSet(60.0 + n, 5)) for n in range(TOP_SET_SESSIONS + 3)]
    rows.append(SessionExercise(99, T0, 2, None))  # an exercise without a top set has no history
    whole = top_set_histories(reversed(rows), last=None)
    assert list(whole) == [1] and [t.weight_kg for t in whole[1]] == [60.0 + n for n in range(TOP_SET_SESSIONS + 3)]
    assert top_set_histories(rows)[1] == whole[1][-TOP_SET_SESSIONS:]
