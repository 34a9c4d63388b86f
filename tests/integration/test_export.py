"""Exporting a person's data: the Strong-format CSV imports back into Pulse as the same workouts,
sets, units and times; the JSON copy holds everything they own and nothing of anyone else."""

import csv
import io
import json

import pytest
from test_imports import FIXTURES, upload

from api.exports.service import STRONG_COLUMNS


def workouts_of(person) -> list[dict]:
    """Every workout, comparable across accounts: names, times and sets (without ids)."""
    found, offset = [], 0
    while True:
        page = person.get("/workouts", params={"limit": 100, "offset": offset, "include": "sets"}).json()
        found += page["items"]
        offset += 100
        if offset >= page["total"]:
            break
    return sorted(
        (
            {
                "name": w["name"], "started_at": w["started_at"], "completed_at": w["completed_at"], "units": w["units"],
                "exercises": [
                    {"name": e["exercise_name"], "sets": [{k: s[k] for k in ("set_index", "set_type", "reps", "weight", "duration_s", "distance", "rpe")} for s in e["sets"]]}
                    for e in w["exercises"]
                ],
            }
            for w in found
        ),
        key=lambda w: (w["started_at"], w["name"]),
    )


@pytest.mark.parametrize(("source", "units", "zone"), [
    ("real-logs/hevy_export_stvrv.csv", "metric", "Europe/Athens"),
    ("imports/hevy_pounds_miles.csv", "imperial", "America/Chicago"),
    ("imports/strong_letters_durations.csv", "metric", "UTC"),
])
def test_the_csv_imports_back_as_the_same_training(make_user, tmp_path, source, units, zone):
    original = make_user("original", unit_system=units, time_zone=zone)
    assert upload(original, FIXTURES / source)["status"] == "succeeded"
    exported = original.get("/export", params={"format": "csv"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == STRONG_COLUMNS
    path = tmp_path / "export.csv"
    path.write_text(exported.text)

    copy = make_user("copy", unit_system=units, time_zone=zone)
    back = upload(copy, path)
    assert back["status"] == "succeeded" and back["counts"]["rows_rejected"] == 0, back
    assert back["format"] == "strong" and back["weight_unit_source"] == "profile"
    mine, theirs = workouts_of(original), workouts_of(copy)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        for x, y in zip(a["exercises"], b["exercises"], strict=True):
            assert x == y, (a["name"], a["started_at"], x, y)
        assert a == b
    # Importing it again adds nothing.
    assert upload(copy, path)["counts"]["workouts_created"] == 0


def test_the_json_copy_holds_everything_the_person_owns(make_user):
    person = make_user("owner")
    other = make_user("other")
    upload(person, FIXTURES / "imports" / "strong_minimal.csv")
    person.post("/stats", json={"weight": 80})
    person.post("/friendships", json={"user_id": other.id})
    upload(other, FIXTURES / "imports" / "strong_first_export.csv")
    answer = person.get("/export", params={"format": "json"})
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    data = json.loads(answer.text)
    assert set(data) >= {"profile", "custom_exercises", "workouts", "body_stats", "goals", "friendships", "recommendation_feedback", "imports", "exercise_name_mappings"}
    assert data["profile"]["id"] == person.id and len(data["workouts"]) == 2 and len(data["body_stats"]) == 1
    assert len(data["imports"]) == 1 and data["friendships"][0]["status"] == "pending"
    assert {w["user_id"] for w in data["workouts"]} == {person.id}
    assert person.get("/export", params={"format": "xml"}).status_code == 422
    assert person.client.get("/export").status_code == 401
