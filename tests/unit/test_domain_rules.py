import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from fastapi import HTTPException

from api.enums import Equipment, ExerciseType, MuscleGroup, WorkoutStatus
from api.exercises.library import read_library
from api.users.service import is_synthetic_email
from api.workouts.service import next_status
from pulse.database import libpq_conninfo, sqlalchemy_url
from pulse.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("current", "action", "expected"),
    [
        (WorkoutStatus.scheduled, "start", WorkoutStatus.in_progress),
        (WorkoutStatus.in_progress, "complete", WorkoutStatus.completed),
        (WorkoutStatus.scheduled, "cancel", WorkoutStatus.cancelled),
        (WorkoutStatus.in_progress, "cancel", WorkoutStatus.cancelled),
    ],
)
def test_allowed_transitions(current, action, expected):
    assert next_status(current, action) == expected


@pytest.mark.parametrize(
    ("current", "action"),
    [
        (WorkoutStatus.scheduled, "complete"),
        (WorkoutStatus.in_progress, "start"),
        *[(s, a) for s in (WorkoutStatus.completed, WorkoutStatus.cancelled) for a in ("start", "complete", "cancel")],
    ],
)
def test_illegal_transitions_conflict(current, action):
    with pytest.raises(HTTPException) as raised:
        next_status(current, action)
    assert raised.value.status_code == 409


def test_exercise_library_file():
    library = read_library()
    assert len(library) == 191
    names = [e.name.lower() for e in library]
    assert len(set(names)) == len(names)
    assert {e.primary_muscle for e in library} == set(MuscleGroup)
    assert {e.equipment for e in library} == set(Equipment)
    assert {e.exercise_type for e in library} == set(ExerciseType)
    strength = sum(e.exercise_type == ExerciseType.STRENGTH for e in library)
    assert strength > len(library) / 2  # a lifting app: most of the library is strength work
    for e in library:
        assert e.primary_muscle not in e.secondary_muscles, e.name
        assert e.instructions and e.description, e.name
        assert 1 <= e.met_value <= 15, e.name
    cardio = [e for e in library if e.exercise_type == ExerciseType.CARDIO]
    assert sum(e.is_distance_based for e in cardio) >= 8  # runs, rides, rows, swims, walks
    # Stretches are held for a time, never counted in kilograms.
    assert all(e.is_time_based for e in library if e.exercise_type == ExerciseType.FLEXIBILITY)


def test_synthetic_emails():
    assert is_synthetic_email("a@pulse.test")
    assert is_synthetic_email(" A@Example.TEST ")
    assert not is_synthetic_email("a@pulse.fitness")
    assert not is_synthetic_email("test@example.com")


def test_database_urls():
    assert sqlalchemy_url("postgresql://u:p@h:5433/db").drivername == "postgresql+psycopg"
    assert sqlalchemy_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert sqlalchemy_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+psycopg2"
    conninfo = libpq_conninfo("postgresql://postgres:@/pulse?host=/tmp/some dir/pg")
    assert "host='/tmp/some dir/pg'" in conninfo and "dbname=pulse" in conninfo


def test_compose_file_checks_health_publishes_only_the_proxy_and_holds_no_secret():
    """What tests/compose (make test-compose) shows running, read from the file where Docker is absent."""
    text = (REPO / "docker-compose.yml").read_text()
    services = yaml.safe_load(text)["services"]
    assert {"postgres", "redis", "api", "ml-service", "dagster-webserver", "dagster-daemon", "mlflow", "frontend", "nginx"} <= set(services)
    assert {name for name, service in services.items() if "healthcheck" not in service} == {"migrate"}
    assert {name for name, service in services.items() if "ports" in service} == {"nginx"}
    conditions = {c["condition"] for service in services.values() for c in service.get("depends_on", {}).values()}
    assert conditions <= {"service_healthy", "service_completed_successfully"}
    for secret in ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "SECRET_KEY"):
        assert f"${{{secret}:?" in text and not re.search(rf"^\s+{secret}: *[^$\s]", text, re.MULTILINE)


def test_the_api_image_carries_every_package():
    dockerfile = (REPO / "Dockerfile").read_text()
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert len(packages) == 7 and {p for p in packages if f"COPY {p} ./{p}" not in dockerfile} == set()


def test_envrc_example_documents_exactly_the_settings():
    """Every setting is in .envrc.example, and every variable set there is read by a setting or the
    tests; the design's variables that nothing reads yet stay commented out."""
    text = (REPO / ".envrc.example").read_text()
    exported = set(re.findall(r"^export (\w+)=", text, re.MULTILINE))
    documented = set(re.findall(r"^(?:# )?export (\w+)=", text, re.MULTILINE))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= documented
    assert exported - fields == {"PULSE_TEST_DATABASE_URL", "PULSE_TEST_REDIS_URL"}
    assert {"BACKEND_API_URL"} <= documented - exported - fields


def test_load_warning_thresholds_are_the_same_in_the_api_and_the_marts():
    from api.safety import load

    macros = (REPO / "dbt" / "macros" / "safety.sql").read_text()
    value = {name: Decimal(number) for name, number in re.findall(r"macro (\w+)\(\) -%\}([\d.]+)\{%- endmacro", macros)}
    assert value == {
        "load_spike_acwr": load.LOAD_SPIKE_ACWR, "muscle_jump_fraction": load.MUSCLE_JUMP_FRACTION,
        "muscle_spike_min_sets": load.MUSCLE_SPIKE_MIN_SETS, "muscle_spike_min_history_days": load.MUSCLE_SPIKE_MIN_HISTORY_DAYS,
        "muscle_baseline_factor": load.MUSCLE_BASELINE_FACTOR,
    }
    training = (REPO / "dbt" / "macros" / "training.sql").read_text()
    assert f"default_session_rpe() -%}}{load.DEFAULT_SESSION_RPE}{{%- endmacro" in training
