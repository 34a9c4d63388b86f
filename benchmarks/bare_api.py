"""The floor that `api_bench.py` measures Pulse against: FastAPI endpoints doing each scenario's
essential database work in plain SQL on the same driver and pool, with no ORM, no validation
models, no auth and no unit conversion. Served by the same uvicorn with the same worker count:

    uvicorn --app-dir benchmarks bare_api:create_app --factory --port 8100   (BARE_DATABASE_URL=...)
"""

import os
from datetime import UTC, datetime

from fastapi import FastAPI, Form, HTTPException, Request
from pwdlib import PasswordHash
from sqlalchemy import create_engine, text

EXERCISES = text("SELECT id, name, primary_muscle, equipment, exercise_type, difficulty FROM app.exercises ORDER BY name, id LIMIT 20")
WORKOUTS = text(
    "SELECT id, name, status, started_at, completed_at, total_volume_kg FROM app.workouts "
    "WHERE user_id = :user ORDER BY coalesce(started_at, scheduled_for) DESC NULLS LAST, id DESC LIMIT 20"
)
NEW_WORKOUT = text(
    "INSERT INTO app.workouts (user_id, name, status, started_at, completed_at) "
    "VALUES (:user, :name, 'completed', :started_at, :completed_at) RETURNING id"
)
NEW_ENTRY = text("INSERT INTO app.workout_exercises (workout_id, exercise_id, position) VALUES (:workout, :exercise, :position) RETURNING id")
NEW_SET = text("INSERT INTO app.workout_sets (workout_exercise_id, set_index, reps, weight_kg) VALUES (:entry, :set_index, :reps, :weight)")
PASSWORD = text("SELECT id, hashed_password FROM app.users WHERE username = :username")


def create_app() -> FastAPI:
    engine = create_engine(os.environ["BARE_DATABASE_URL"], pool_size=20, max_overflow=10)
    hasher = PasswordHash.recommended()
    app = FastAPI()

    @app.get("/exercises")
    def exercises() -> list[dict]:
        with engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(EXERCISES)]

    @app.get("/workouts")
    def workouts(user: int) -> list[dict]:
        with engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(WORKOUTS, {"user": user})]

    @app.post("/workouts", status_code=201)
    async def log_workout(request: Request, user: int) -> dict:
        body = await request.json()
        with engine.begin() as db:
            workout = db.execute(NEW_WORKOUT, {
                "user": user, "name": body["name"], "started_at": datetime.fromisoformat(body["started_at"]),
                "completed_at": datetime.fromisoformat(body["completed_at"]),
            }).scalar_one()
            for position, entry in enumerate(body["exercises"], start=1):
                entry_id = db.execute(NEW_ENTRY, {"workout": workout, "exercise": entry["exercise_id"], "position": position}).scalar_one()
                db.execute(NEW_SET, [
                    {"entry": entry_id, "set_index": i, "reps": s["reps"], "weight": s["weight"]} for i, s in enumerate(entry["sets"], start=1)
                ])
        return {"id": workout, "created_at": datetime.now(UTC).isoformat()}

    @app.post("/auth/login")
    def login(username: str = Form(), password: str = Form()) -> dict:
        with engine.connect() as db:
            row = db.execute(PASSWORD, {"username": username}).first()
        if row is None or not hasher.verify(password, row.hashed_password):
            raise HTTPException(401, "wrong username or password")
        return {"access_token": str(row.id), "token_type": "bearer"}

    return app
