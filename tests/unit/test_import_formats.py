"""Reading every export shape of docs/import.md into sessions, and the exercise-name matcher,
without a database (tests/integration/test_imports.py writes them)."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from api.enums import Equipment, ExerciseType, MuscleGroup, SetType
from api.exercises.library import LIBRARY_FILE
from api.imports.formats import ExportFormat, ExportReader, ReadOptions, UnreadableFile, header_names, parse_duration, units_from_values
from api.imports.mapping import ExerciseMatcher, LibraryExercise, NewExercise, split_equipment
from pulse.units import KG_PER_LB, M_PER_MILE, UnitSystem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ATHENS = ZoneInfo("Europe/Athens")


def read(name: str, **options) -> tuple[ExportReader, list]:
    values = {"time_zone": ATHENS, "weight_units": UnitSystem.metric, **options}
    reader = ExportReader(FIXTURES / "imports" / name, ReadOptions(**values))
    return reader, list(reader.sessions())


def test_strong_minimal_columns():
    reader, sessions = read("strong_minimal.csv")
    assert reader.format == ExportFormat.strong and (reader.weight_units, reader.weight_units_source) == (UnitSystem.metric, "profile")
    assert [s.title for s in sessions] == ["Push A", "Pull A"]
    push = sessions[0]
    assert push.started_at == datetime(2024, 3, 4, 7, 30, tzinfo=ATHENS)
    assert [(e.name, len(e.sets)) for e in push.exercises] == [("Bench Press (Barbell)", 2), ("Triceps Pushdown", 1)]
    # No duration in the file: 150 s per set.
    assert (push.completed_at - push.started_at).total_seconds() == 3 * 150
    assert push.exercises[0].sets[1].weight_kg == Decimal("62.5")


def test_strong_semicolons_units_per_row_decimal_commas_and_rest_timers():
    reader, (session,) = read("strong_semicolon_units.csv")
    assert reader.delimiter == ";" and reader.weight_units is None and reader.rest_timer_rows == 1
    squat, run = session.exercises
    assert [s.set_type for s in squat.sets] == [SetType.warmup, SetType.normal, SetType.normal]
    assert squat.sets[1].weight_kg == 225 * KG_PER_LB and squat.sets[2].weight_kg == Decimal("102.5")
    assert squat.sets[1].rpe == Decimal("8.5")
    assert run.sets[0].distance_m == Decimal("3.1") * M_PER_MILE and run.sets[0].duration_s == 1800 and run.sets[0].reps is None
    assert (session.completed_at - session.started_at).total_seconds() == 65 * 60


def test_strong_set_letters_and_duration_spellings():
    reader, sessions = read("strong_letters_durations.csv")
    upper = sessions[0].exercises[0]
    assert [s.set_type for s in upper.sets] == [SetType.warmup, SetType.normal, SetType.drop, SetType.failure]
    assert reader.rest_timer_rows == 1
    assert [int((s.completed_at - s.started_at).total_seconds()) for s in sessions] == [55, 21 * 60, 2 * 3600 + 38 * 60, 57 * 60]
    plank = sessions[1].exercises[0].sets[0]
    assert (plank.duration_s, plank.reps, plank.weight_kg) == (60, None, None)
    assert parse_duration("1h") == 3600 and parse_duration("45") == 45
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_pounds_without_a_unit_column_use_what_the_request_or_profile_says():
    reader, (session,) = read("strong_pounds_no_unit.csv", weight_units=UnitSystem.imperial, units_source="request")
    assert reader.weight_units_source == "request"
    assert [s.weight_kg for s in session.exercises[0].sets] == [135 * KG_PER_LB, 185 * KG_PER_LB, 225 * KG_PER_LB]


def test_a_strong_export_in_another_language_is_read_by_position_and_its_values_show_the_unit():
    # Strong in Chinese: translated column names and durations; loads entered in kg, written in lb.
    reader, (legs, push) = read("strong_chinese_header.csv")
    assert reader.format == ExportFormat.strong and reader.read_by_position
    assert (reader.weight_units, reader.weight_units_source) == (UnitSystem.imperial, "values")
    assert [(e.name, len(e.sets)) for e in legs.exercises] == [("Squat (Barbell)", 2), ("Leg Press", 1)]
    assert [round(s.weight_kg, 6) for s in legs.exercises[0].sets] == [60, 65]
    assert (legs.completed_at - legs.started_at).total_seconds() == 65 * 60
    assert (push.completed_at - push.started_at).total_seconds() == 49 * 60
    assert push.exercises[0].sets[0].set_type == SetType.warmup and push.exercises[1].sets[0].duration_s == 60
    # A unit the person asks for is kept, whatever the values look like.
    reader, _ = read("strong_chinese_header.csv", weight_units=UnitSystem.metric, units_source="request")
    assert (reader.weight_units, reader.weight_units_source) == (UnitSystem.metric, "request")


def test_weights_show_their_unit_only_when_they_are_round_in_the_other_one():
    assert units_from_values(Decimal(v) for v in ["44.0924524", "0", "99.2080179"]) == UnitSystem.imperial  # 20 and 45 kg
    assert units_from_values(Decimal(v) for v in ["20.4116", "61.2349"]) == UnitSystem.metric  # 45 and 135 lb
    assert units_from_values(Decimal(v) for v in ["45", "135", "60", "62.5"]) is None  # round in both: the profile decides
    assert units_from_values(iter([])) is None
    # A Strong header in no known shape whose rows do not look like Strong's stays unreadable.
    assert header_names(["a"] * 12, ["not a date"] + [""] * 11) == ["a"] * 12


@pytest.mark.parametrize(("name", "order", "days"), [("strong_day_first.csv", "dmy", (4, 13)), ("strong_month_first.csv", "mdy", (4, 13))])
def test_slashed_dates_are_read_day_or_month_first_from_the_file(name, order, days):
    reader, sessions = read(name)
    assert reader.date_order == order
    assert [(s.started_at.month, s.started_at.day) for s in sessions] == [(12, days[0]), (12, days[1])]


def test_hevy_pounds_miles_set_types_supersets_and_emoji():
    reader, (session,) = read("hevy_pounds_miles.csv")
    assert reader.format == ExportFormat.hevy and (reader.weight_units, reader.weight_units_source) == (UnitSystem.imperial, "file")
    assert session.title == "🔥 Push day"
    assert (session.started_at, session.completed_at) == (datetime(2025, 2, 3, 18, 2, tzinfo=ATHENS), datetime(2025, 2, 3, 19, 10, tzinfo=ATHENS))
    press, raises, treadmill = session.exercises
    assert [s.set_type for s in press.sets + raises.sets] == [SetType.warmup, SetType.normal, SetType.drop, SetType.failure]
    assert press.sets[1].weight_kg == 60 * KG_PER_LB
    assert treadmill.sets[0].distance_m == Decimal("1.5") * M_PER_MILE and treadmill.sets[0].duration_s == 900


def test_one_lifter_of_a_combined_file():
    reader, sessions = read("combined_participants.csv", participant="bo")
    assert reader.has_participants and [s.participant for s in sessions] == ["bo", "bo"]
    assert sessions[0].exercises[0].sets[0].weight_kg == 120
    _, everyone = read("combined_participants.csv")
    assert [s.participant for s in everyone] == ["ana", "bo", "bo"]


@pytest.mark.parametrize("name", ["strong_latin1.csv", "strong_utf8_bom.csv"])
def test_encodings(name):
    reader, (session,) = read(name)
    assert session.title == "Préparation" and reader.format == ExportFormat.strong


def test_bad_values_are_rejected_row_by_row_with_their_line():
    reader, (session,) = read("strong_bad_values.csv")
    assert len(session.exercises[0].sets) == 1
    rejected = {r.line: (r.column, r.reason) for r in reader.rejected}
    assert set(rejected) == {3, 4, 5, 6, 7, 8}
    assert rejected[3][0] == "Weight" and "negative" in rejected[3][1]
    assert "finite" in rejected[4][1] and "whole number" in rejected[5][1] and "outside 1-10" in rejected[6][1]
    assert rejected[7][0] == "Set Order" and "no reps" in rejected[8][1]


def test_a_file_that_cannot_be_read_names_the_line_and_column():
    with pytest.raises(UnreadableFile) as bad_date:
        read("strong_bad_date.csv")
    assert (bad_date.value.line, bad_date.value.column) == (4, 1) and "Date" in str(bad_date.value)
    with pytest.raises(UnreadableFile) as not_export:
        read("not_an_export.csv")
    assert not_export.value.line == 1 and "neither" in str(not_export.value)
    with pytest.raises(UnreadableFile, match="not that of a hevy"):
        read("strong_minimal.csv", format=ExportFormat.hevy)


@pytest.mark.parametrize(("name", "rows", "sessions", "sets"), [
    ("strong_export_kyriakakis.csv", 1903, 86, 1903),
    ("hevy_export_stvrv.csv", 4063, 232, 4063),
    ("strong_export_dericmei.csv", 1363, 69, 1363),
    ("strong_export_breinsp.csv", 1490, 91, 1490),
    ("strong_export_placy2.csv", 1522, 82, 1522),
])
def test_the_real_files_read_whole(name, rows, sessions, sets):
    reader = ExportReader(FIXTURES / "real-logs" / name, ReadOptions(ATHENS, UnitSystem.metric))
    found = list(reader.sessions())
    assert (reader.rows_read, len(found), sum(s.set_count for s in found), reader.rejected) == (rows, sessions, sets, [])
    assert all(s.completed_at >= s.started_at for s in found)
    assert datetime(2020, 1, 1, tzinfo=UTC) < min(s.started_at for s in found)


@pytest.fixture(scope="module")
def matcher():
    library = json.loads(LIBRARY_FILE.read_text())
    return ExerciseMatcher([LibraryExercise(i, e["name"], e["equipment"], e["primary_muscle"]) for i, e in enumerate(library, start=1)])


def name_of(matcher, name):
    found = matcher.match(name)
    return (matcher.library[found.exercise_id].name if found.exercise_id else None), found.method


def test_names_of_other_apps_map_to_the_library(matcher):
    assert name_of(matcher, "Bench Press (Barbell)") == ("Barbell Bench Press", "alias")
    assert name_of(matcher, "Barbell Bench Press") == ("Barbell Bench Press", "exact")
    assert name_of(matcher, "hammer curl") == ("Hammer Curl", "exact")
    assert name_of(matcher, "Lat Pulldown (Cable)")[0] == "Lat Pulldown"
    assert name_of(matcher, "One Straight Arm Pulldown") == ("Straight-Arm Pulldown", "fuzzy")
    assert name_of(matcher, "Lateral Raise (Cable)") == ("Cable Lateral Raise", "alias")
    # The same movement with other equipment is another exercise.
    assert name_of(matcher, "Front Raise (Cable)") == (None, "none")
    assert split_equipment("EZ Bar Biceps Curl") == ("bicep curl", Equipment.BARBELL)


def test_a_name_that_matches_nothing_says_what_it_can_about_itself(matcher):
    found = matcher.match("Front Raise (Cable)")
    assert found.exercise_id is None and found.suggestions[0][1] == "Dumbbell Front Raise"
    assert matcher.describe("Front Raise (Cable)", cardio_sets=False) == NewExercise(MuscleGroup.SHOULDERS, Equipment.CABLE, ExerciseType.STRENGTH)
    assert matcher.describe("Lying Leg Curl (Machine)", cardio_sets=False).primary_muscle == MuscleGroup.LEGS
    assert matcher.describe("Seated Incline Curl (Dumbbell)", cardio_sets=False).primary_muscle == MuscleGroup.BICEPS
    assert matcher.describe("Aerobics", cardio_sets=True).exercise_type == ExerciseType.CARDIO


def test_the_same_exercise_twice_in_a_row_stays_two_entries(tmp_path):
    """Set numbers that start over, or a warm-up after working sets, begin a new entry."""
    rows = ["Date,Workout Name,Exercise Name,Set Order,Weight,Reps"]
    rows += [f"2024-01-01 10:00:00,A,Squat (Barbell),{order},{kg},5" for order, kg in (("1", 100), ("2", 100), ("1", 80), ("2", 80), ("W", 60), ("1", 90))]
    (tmp_path / "twice.csv").write_text("\n".join(rows) + "\n")
    reader = ExportReader(tmp_path / "twice.csv", ReadOptions(ATHENS, UnitSystem.metric))
    (session,) = reader.sessions()
    assert [[float(s.weight_kg) for s in e.sets] for e in session.exercises] == [[100, 100], [80, 80], [60, 90]]


def test_a_timer_left_running_for_days_ends_the_session_at_its_estimate():
    from datetime import timedelta

    from api.imports.formats import ImportedExercise, ImportedSession, ImportedSet

    start = datetime(2024, 3, 4, 7, 30, tzinfo=UTC)
    sets = [ImportedSet(3, SetType.normal, Decimal(100), 5, None, None, None)] * 4
    forgot = ImportedSession(2, None, "Legs", start, start + timedelta(days=3), None, [ImportedExercise("Squat", None, sets)])
    assert forgot.completed_at == start + timedelta(seconds=4 * 150)
    kept = ImportedSession(2, None, "Legs", start, start + timedelta(hours=30), None, [ImportedExercise("Squat", None, sets)])
    assert kept.completed_at == start + timedelta(hours=30)
