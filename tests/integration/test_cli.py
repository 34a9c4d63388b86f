"""The `pulse` CLI against a real database: library loading, purging synthetic data, reset."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.models import Exercise, User, Workout
from cli import main as cli
from pulse.settings import get_settings
from synthetic.demo import DEMO_EMAIL
from synthetic.purge import count_synthetic

runner = CliRunner()


@pytest.fixture
def cli_database(monkeypatch, server_url):
    """Point the CLI at its own fresh database through DATABASE_URL, as a user would."""
    from conftest import fresh_database

    from pulse.database import drop_database

    url = fresh_database(server_url, "pulse_test_cli")
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    drop_database(url)


def run(*args, **kw):
    result = runner.invoke(cli.app, list(args), **kw)
    return result


def test_migrate_seed_demo_purge_and_reset(cli_database):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    assert run("db", "migrate").exit_code == 0
    first = run("db", "seed")
    assert first.exit_code == 0 and "191 added" in first.output
    again = run("db", "seed")
    assert "0 added, 0 updated, 191 in all" in again.output
    demo = run("db", "demo-data")
    assert demo.exit_code == 0 and "created" in demo.output
    assert "already there" in run("db", "demo-data").output
    assert "/pulse_test_cli" in run("db", "url").output

    engine = create_engine(cli_database)
    with Session(engine) as session:
        # A real person with real data, who must survive the purge.
        from api.users.schemas import UserCreate
        from api.users.service import create_user

        real = create_user(session, UserCreate(email="real.person@pulse.fitness", username="real_person", password="long-enough"))
        real_id = real.id
        synthetic_before = count_synthetic(session)
        assert synthetic_before["users"] == 4 and synthetic_before["workouts"] == 18 and synthetic_before["workout_sets"] > 100
        library = session.scalar(select(func.count()).select_from(Exercise))

    purged = run("db", "purge-synthetic")
    assert purged.exit_code == 0 and "workout_sets" in purged.output
    with Session(engine) as session:
        assert all(n == 0 for n in count_synthetic(session).values())
        assert session.get(User, real_id) is not None
        assert session.scalar(select(func.count()).select_from(Exercise)) == library
        assert session.scalar(select(User).where(User.email == DEMO_EMAIL)) is None

    refused = run("db", "reset", input="n\n")
    assert refused.exit_code == 1
    with Session(engine) as session:
        assert session.get(User, real_id) is not None
    assert run("db", "reset", "--yes").exit_code == 0
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
        assert session.scalar(select(func.count()).select_from(Workout)) == 0
        assert session.scalar(select(func.count()).select_from(Exercise)) == 191
    assert run("db", "rollback").exit_code == 0
    assert run("db", "migrate").exit_code == 0
    engine.dispose()


def test_seed_refuses_a_broken_library_and_keeps_the_old_one(cli_database, tmp_path):
    assert run("db", "migrate").exit_code == 0
    assert run("db", "seed").exit_code == 0
    broken = tmp_path / "library.json"
    broken.write_text(json.dumps([{"name": "Bad", "primary_muscle": "NECK", "equipment": "NONE", "exercise_type": "STRENGTH"}]))
    result = run("db", "seed", "--library", str(broken))
    assert result.exit_code == 2
    assert "primary_muscle" in result.output
    assert "191 in all" in run("db", "seed").output


def test_serve_refuses_the_placeholder_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "changethis")
    monkeypatch.setenv("DEBUG", "false")
    get_settings.cache_clear()
    try:
        result = run("serve", "api")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "SECRET_KEY" in result.output


def test_generate_from_the_command_line(cli_database):
    assert run("db", "migrate").exit_code == 0
    assert run("db", "seed").exit_code == 0
    for args, word in ((["--users", "0"], "users"), (["--days", "-3"], "days"), (["--seed", "-1"], "seed")):
        refused = run("generate", *args)
        assert refused.exit_code == 2 and word in refused.output
    made = run("generate", "--users", "5", "--days", "14", "--seed", "3")
    assert made.exit_code == 0, made.output
    assert "workout_sets" in made.output
    again = run("generate", "--users", "5", "--days", "14", "--seed", "3")
    assert again.exit_code == 2 and "already generated" in again.output
    skipped = run("generate", "--users", "5", "--days", "14", "--seed", "3", "--if-missing")
    assert skipped.exit_code == 0 and "nothing to do" in skipped.output


def test_generate_compares_the_generated_people_with_real_exports(cli_database, tmp_path):
    real = Path(__file__).resolve().parents[1] / "fixtures" / "real-logs"
    assert run("db", "migrate").exit_code == 0 and run("db", "seed").exit_code == 0
    empty = run("generate", "--users", "5", "--days", "14", "--compare-with", str(tmp_path))
    assert empty.exit_code == 2 and "--compare-with" in empty.output and "no .csv" in empty.output
    (tmp_path / "broken.csv").write_text("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\nyesterday,A,Squat,1,100,5\n")
    broken = run("generate", "--users", "5", "--days", "14", "--compare-with", str(tmp_path))
    assert broken.exit_code == 2 and "broken.csv" in broken.output and "line 2" in broken.output
    made = run("generate", "--users", "40", "--days", "120", "--seed", "4", "--compare-with", str(real))
    assert made.exit_code == 0, made.output
    rows = {line.split("|")[1].strip(): line for line in made.output.splitlines() if line.startswith("| ") and "---" not in line}
    assert "real (5 lifters)" in made.output
    for figure in ("sessions per week", "exercises per session", "working sets per exercise", "distinct exercises in the last 6 months",
                   "share of sessions repeating one of the last 10", "sessions until a session repeats", "top-set weight change, kg per month"):
        cells = [c.strip() for c in rows[figure].split("|")[2:6]]
        assert cells[0] != "—" and cells[1] != "—" and cells[3] in ("yes", "no"), rows[figure]
        assert cells[3] == ("yes" if abs(float(cells[0]) / float(cells[1]) - 1) <= 0.25 else "no")


def test_import_from_the_command_line(cli_database):
    from pathlib import Path

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    assert run("db", "migrate").exit_code == 0 and run("db", "seed").exit_code == 0
    assert run("db", "demo-data").exit_code == 0
    real = fixtures / "real-logs" / "hevy_export_stvrv.csv"
    first = run("import", str(real), "--email", DEMO_EMAIL, "--time-zone", "Europe/Athens")
    assert first.exit_code == 0, first.output
    assert "workouts created" in first.output and "232" in first.output and "weights in kg from the file" in first.output
    again = run("import", str(real), "--email", DEMO_EMAIL, "--time-zone", "Europe/Athens")
    assert again.exit_code == 0 and "duplicates skipped" in again.output
    engine = create_engine(cli_database)
    with Session(engine) as session:
        demo = session.scalar(select(User).where(User.email == DEMO_EMAIL))
        workouts = session.scalar(select(func.count()).select_from(Workout).where(Workout.user_id == demo.id))
    engine.dispose()
    assert workouts == 14 + 232  # the demo history (12 program sessions and 2 leg-spike ones) and the file

    # Several lifters in one file: one at a time, by name.
    combined = fixtures / "imports" / "combined_participants.csv"
    refused = run("import", str(combined), "--email", DEMO_EMAIL)
    assert refused.exit_code == 2 and "ana, bo" in refused.output
    assert run("import", str(combined), "--email", DEMO_EMAIL, "--participant", "bo").exit_code == 0
    # What cannot be read, or whom we do not know, is refused with a reason and a non-zero exit.
    bad = run("import", str(fixtures / "imports" / "strong_bad_date.csv"), "--email", DEMO_EMAIL)
    assert bad.exit_code == 2 and "line 4, column 1" in bad.output
    assert run("import", str(real), "--email", "nobody@pulse.test").exit_code == 2
    assert run("import", str(real), "--email", DEMO_EMAIL, "--units", "stone").exit_code == 2


def test_grant_admin_is_how_a_first_administrator_is_made(cli_database):
    from conftest import ApiUser, make_settings
    from fastapi.testclient import TestClient

    from api.main import create_app

    assert run("db", "migrate").exit_code == 0
    with TestClient(create_app(make_settings(), database_url=cli_database.render_as_string(hide_password=False))) as client:
        person = ApiUser(client, "operator", domain="example.com")
        assert person.post("/models/reload").status_code == 403
        granted = run("users", "grant-admin", person.email.upper())
        assert granted.exit_code == 0 and "is now an administrator" in granted.output
        assert person.post("/models/reload").status_code == 200
        assert run("users", "revoke-admin", person.email).exit_code == 0
        assert person.post("/models/reload").status_code == 403
    unknown = run("users", "grant-admin", "nobody@example.com")
    assert unknown.exit_code == 1 and "no account has the email" in unknown.output


def test_reminders_are_made_for_everyone_due_once_per_period(cli_database):
    """`pulse notify reminders` (an hourly job): a goal at risk reaches its person's inbox once,
    without them opening the app; people with nothing due get nothing."""
    from datetime import UTC, date, datetime, timedelta

    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from api.enums import FitnessGoal, GoalMetric
    from api.models import Notification, UserGoal
    from api.users.schemas import UserCreate
    from api.users.service import create_user

    assert run("db", "migrate").exit_code == 0
    engine = create_engine(cli_database)
    with Session(engine) as session:
        lagging = create_user(session, UserCreate(email="lagging@pulse.test", username="lagging", password="long-enough"))
        idle = create_user(session, UserCreate(email="idle@pulse.test", username="idle", password="long-enough"))
        session.add(UserGoal(user_id=lagging.id, goal_type=FitnessGoal.general_fitness, metric=GoalMetric.workout_count, title="10 sessions",
                             target_value=10, current_value=0, start_value=0, target_date=date.today() + timedelta(days=5)))
        session.commit()
        session.execute(text("UPDATE app.user_goals SET created_at = :at"), {"at": datetime.now(UTC) - timedelta(days=30)})
        session.commit()
        ids = (lagging.id, idle.id)
    for _ in range(2):
        result = run("notify", "reminders")
        assert result.exit_code == 0, result.output
    assert "1 people" in run("notify", "reminders").output
    with Session(engine) as session:
        kinds = {uid: [n.kind for n in session.scalars(select(Notification).where(Notification.user_id == uid))] for uid in ids}
    engine.dispose()
    assert kinds == {ids[0]: ["goal_at_risk"], ids[1]: []}
