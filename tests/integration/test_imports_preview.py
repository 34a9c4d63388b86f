"""POST /imports/preview against real PostgreSQL: what an import would do, said before it is done
and stored nowhere. The preview's numbers and mappings are checked against the import of the same
file that follows, and every table is counted before and after each preview."""

import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STRONG = FIXTURES / "real-logs" / "strong_export_kyriakakis.csv"
HEVY = FIXTURES / "real-logs" / "hevy_export_stvrv.csv"


def preview(person, path: Path, content: bytes | None = None, **form):
    return person.post("/imports/preview", files={"file": (path.name, path.read_bytes() if content is None else content, "text/csv")}, data=form)


def upload(person, path: Path, **form) -> dict:
    response = person.post("/imports", files={"file": (path.name, path.read_bytes(), "text/csv")}, data=form)
    assert response.status_code == 202, response.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = person.get(f"/imports/{response.json()['id']}").json()
        if found["status"] in ("succeeded", "failed"):
            return found
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def row_counts(engine) -> dict[str, int]:
    """Rows in every table of the app's schema (and Alembic's), read outside any test session."""
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            " WHERE table_schema = 'app' AND table_type = 'BASE TABLE' ORDER BY 1"
        )).scalars().all()
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


@pytest.fixture
def stores_nothing(engine, app):
    """`with stores_nothing():` asserts that no table changed and no upload was left on disk."""
    folder = app.state.settings.pulse_home_dir / "imports"

    @contextmanager
    def check():
        before, files = row_counts(engine), set(folder.glob("*"))
        yield
        assert row_counts(engine) == before
        assert set(folder.glob("*")) == files

    return check


def test_the_preview_says_what_the_import_then_does(make_user, engine):
    person = make_user("preview", time_zone="Europe/Athens", unit_system="metric")
    before = row_counts(engine)
    response = preview(person, STRONG)
    assert response.status_code == 200, response.text
    assert row_counts(engine) == before  # nothing stored
    seen = response.json()
    assert (seen["file_name"], seen["format"], seen["weight_unit"], seen["weight_unit_source"], seen["time_zone"]) == (
        STRONG.name, "strong", "kg", "profile", "Europe/Athens",
    )
    assert seen["first_session_at"] == "2020-12-30T18:51:52+02:00" and seen["last_session_at"] == "2021-09-06T18:21:27+03:00"
    counts = seen["counts"]
    assert (counts["rows_read"], counts["sessions_read"], counts["sets_read"]) == (1903, 86, 1903)
    assert (counts["workouts_to_create"], counts["sets_to_create"], counts["sessions_already_imported"], counts["rows_rejected"]) == (86, 1903, 0, 0)
    names = {n["name"]: n for n in seen["exercises"]}
    assert len(names) == counts["exercise_names"] == 22 and sum(n["sets"] for n in names.values()) == 1903
    assert names["Snatch (Barbell)"]["in_library"] and names["Snatch (Barbell)"]["exercise_name"]
    # A name the library lacks maps to nothing yet, with suggestions to choose from.
    aerobics = names["Aerobics"]
    assert (aerobics["exercise_id"], aerobics["exercise_name"], aerobics["in_library"], aerobics["method"]) == (None, None, False, "custom")
    assert aerobics["suggestions"] and all(s["exercise_id"] and s["name"] for s in aerobics["suggestions"])
    assert counts["sets_mapped_to_library"] == sum(n["sets"] for n in names.values() if n["in_library"])
    assert counts["share_of_sets_mapped"] == round(counts["sets_mapped_to_library"] / 1903, 4)

    done = upload(person, STRONG)
    assert done["status"] == "succeeded"
    assert (done["counts"]["workouts_created"], done["counts"]["sets_created"]) == (counts["workouts_to_create"], counts["sets_to_create"])
    assert done["counts"]["share_of_sets_mapped"] == counts["share_of_sets_mapped"]
    imported = {e["name"]: e for e in done["exercises"]}
    assert imported.keys() == names.keys()
    for name, said in names.items():
        became = imported[name]
        assert (became["sets"], became["in_library"], became["method"]) == (said["sets"], said["in_library"], said["method"]), name
        if said["exercise_id"] is not None:
            assert became["exercise_id"] == said["exercise_id"], name
    assert imported["Aerobics"]["exercise_name"] == "Aerobics"  # made the person's own

    # Previewing the file again: everything is already there, and each name maps where the import put it.
    again = preview(person, STRONG).json()
    assert (again["counts"]["workouts_to_create"], again["counts"]["sessions_already_imported"]) == (0, 86)
    assert {n["name"]: n["exercise_id"] for n in again["exercises"]} == {n: e["exercise_id"] for n, e in imported.items()}


def test_a_changed_mapping_is_what_the_next_preview_shows(make_user, exercise_ids):
    person = make_user("remapped")
    upload(person, FIXTURES / "imports" / "strong_minimal.csv")
    dumbbell = exercise_ids["Dumbbell Bench Press"]
    assert person.put("/imports/mappings", json={"source_name": "Bench Press (Barbell)", "exercise_id": dumbbell}).status_code == 200
    seen = preview(person, FIXTURES / "imports" / "strong_first_export.csv").json()
    bench = next(n for n in seen["exercises"] if n["name"] == "Bench Press (Barbell)")
    assert (bench["exercise_id"], bench["exercise_name"], bench["method"], bench["confidence"]) == (dumbbell, "Dumbbell Bench Press", "confirmed", 1.0)


@pytest.mark.parametrize(("path", "form", "expected"), [
    (HEVY, {}, ("hevy", "kg", "file", 232, 4063)),
    (FIXTURES / "imports" / "strong_pounds_no_unit.csv", {"units": "lb"}, ("strong", "lb", "request", None, None)),
    (FIXTURES / "imports" / "strong_semicolon_units.csv", {}, ("strong", "per row", "file", None, None)),
    (FIXTURES / "imports" / "hevy_pounds_miles.csv", {"format": "hevy"}, ("hevy", "lb", "file", None, None)),
])
def test_the_format_and_unit_are_said_with_where_the_unit_came_from(make_user, stores_nothing, path, form, expected):
    person = make_user("shapes")
    with stores_nothing():
        response = preview(person, path, **form)
        assert response.status_code == 200, response.text
        seen = response.json()
        fmt, unit, source, sessions, sets = expected
        assert (seen["format"], seen["weight_unit"], seen["weight_unit_source"]) == (fmt, unit, source)
        if sessions is not None:
            assert (seen["counts"]["sessions_read"], seen["counts"]["sets_read"]) == (sessions, sets)
        assert seen["counts"]["workouts_to_create"] == seen["counts"]["sessions_read"] > 0


def test_times_are_read_in_the_zone_the_request_names(make_user, stores_nothing):
    person = make_user("zone", time_zone="America/New_York")
    with stores_nothing():
        seen = preview(person, FIXTURES / "imports" / "strong_minimal.csv", time_zone="Asia/Tokyo").json()
        assert seen["time_zone"] == "Asia/Tokyo" and seen["first_session_at"].endswith("+09:00")
        own = preview(person, FIXTURES / "imports" / "strong_minimal.csv").json()
        assert own["time_zone"] == "America/New_York" and own["first_session_at"].endswith("-05:00")


def test_rows_the_import_would_leave_out_are_listed(make_user, stores_nothing):
    person = make_user("bad_rows")
    with stores_nothing():
        seen = preview(person, FIXTURES / "imports" / "strong_bad_values.csv").json()
        assert seen["counts"]["rows_rejected"] == 6 and seen["counts"]["sets_read"] == 1
        assert {r["line"] for r in seen["rejected"]} == {3, 4, 5, 6, 7, 8}
        assert all(r["reason"] for r in seen["rejected"])


def test_a_file_with_a_header_and_no_sessions_previews_as_empty(make_user, stores_nothing):
    person = make_user("empty")
    with stores_nothing():
        seen = preview(person, STRONG, content=b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n").json()
        assert (seen["format"], seen["first_session_at"], seen["last_session_at"], seen["exercises"]) == ("strong", None, None, [])
        assert (seen["counts"]["sessions_read"], seen["counts"]["workouts_to_create"], seen["counts"]["share_of_sets_mapped"]) == (0, 0, None)


@pytest.mark.parametrize(("name", "content", "where"), [
    ("strong_bad_date.csv", None, "line 4, column 1"),
    ("not_an_export.csv", None, "line 1"),
    ("empty.csv", b"", "line 1: the file is empty"),
    ("broken.csv", b'Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n2024-01-01 10:00:00,"Push,Bench,1,50,5\n', "line 2"),
    ("binary.csv", bytes(range(256)) * 4, "line 1"),
    ("combined_participants.csv", None, "line 1, column 1: the file holds several lifters (ana, bo)"),
])
def test_a_file_that_cannot_be_read_is_a_422_naming_line_and_column(make_user, stores_nothing, name, content, where):
    person = make_user("unreadable")
    with stores_nothing():
        path = FIXTURES / "imports" / name
        response = preview(person, path, content=content if content is not None else path.read_bytes())
        assert response.status_code == 422, response.text
        (error,) = response.json()["detail"]
        assert error["loc"] == ["body", "file"] and where in error["msg"]


def test_bad_form_fields_are_a_4xx_naming_the_field(app, client, make_user, stores_nothing):
    person = make_user("form")
    with stores_nothing():
        file = {"file": ("a.csv", (FIXTURES / "imports" / "strong_minimal.csv").read_bytes(), "text/csv")}
        for form, field in (({"time_zone": "Mars/Olympus"}, "time_zone"), ({"units": "stone"}, "units"), ({"format": "fitbod"}, "format")):
            response = person.post("/imports/preview", files=file, data=form)
            assert response.status_code == 422 and field in str(response.json()["detail"]), response.text
        missing = person.post("/imports/preview", data={"format": "strong"})
        assert missing.status_code == 422 and "file" in str(missing.json()["detail"])
        wrong = person.post("/imports/preview", files=file, data={"format": "hevy"})
        assert wrong.status_code == 422 and "hevy" in wrong.json()["detail"][0]["msg"]
        limit = app.state.settings.max_import_bytes
        big = person.post("/imports/preview", files={"file": ("big.csv", b"x" * (limit + 1), "text/csv")})
        assert big.status_code == 413 and big.json()["detail"].startswith("file: ")
        assert client.post("/imports/preview", files=file).status_code == 401


def test_a_running_import_says_how_far_it_has_read(make_user):
    person = make_user("progress")
    response = person.post("/imports", files={"file": (HEVY.name, HEVY.read_bytes(), "text/csv")})
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = person.get(f"/imports/{response.json()['id']}").json()
        if found["status"] == "running":
            assert found["progress"] is not None and found["progress"]["rows_total"] == 4063
            seen.append(found["progress"]["rows_read"])
        if found["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.01)
    assert found["status"] == "succeeded" and found["progress"] is None
    assert seen, "the import was seen running"
    assert seen == sorted(seen) and all(0 <= n <= 4063 for n in seen)
