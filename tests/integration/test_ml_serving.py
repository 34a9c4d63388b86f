"""Train on a small synthetic population, register, promote, serve through the API, move the
alias and watch the API switch versions without a restart; a broken version never replaces a
working one; POST /models/train runs the real training job. Real PostgreSQL, dbt, Dagster, MLflow."""

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest
from conftest import ApiUser, make_settings
from dagster import DagsterInstance
from fastapi.testclient import TestClient
from mlflow import MlflowClient
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session
from test_pipeline import prepared_database, run_pipeline

from api.main import create_app
from api.models import User
from pipelines.ml.assets import MlflowTracking
from recsys.candidates import CANDIDATES
from recsys.dataset import Catalog
from recsys.pyfunc import MODEL_CODE, context_frame
from recsys.registry import MODERATION_MODEL, PROGRESSION_MODEL, RECOMMENDER_MODEL, SIMILAR_USERS_MODEL
from recsys.sessions import UserContext
from serving.holder import ModelHolder

pytestmark = pytest.mark.slow
QUICK = {"session_profile_net": {"epochs": 4}, "implicit_als": {"iterations": 4}}


def workout(exercise_ids, days_ago):
    end = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "name": "Lift", "status": "completed",
        "started_at": (end - timedelta(hours=1)).isoformat(), "completed_at": end.isoformat(),
        "exercises": [{"exercise_id": e, "sets": [{"reps": 5, "weight": 60 + days_ago}]} for e in exercise_ids],
    }


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def world(server_url, tmp_path_factory):
    """A populated app database (40 generated people plus one person of ours), the pipeline run
    on it, and one training run into a fresh MLflow store."""
    url = prepared_database(server_url, "pulse_test_ml", people=40)
    rendered = url.render_as_string(hide_password=False)
    home = tmp_path_factory.mktemp("pulse-home")
    store = f"sqlite:///{home}/mlflow/mlflow.db"
    settings = make_settings(mlflow_tracking_uri=store, model_refresh_seconds=0.3, pulse_home=home)
    app = create_app(settings, database_url=rendered)
    with TestClient(app) as client:
        # A real person (an address outside .test): training scores the candidates over real people apart.
        me = ApiUser(client, "lifter", domain="pulse.example", fitness_goal="strength", experience_level="intermediate")
        names = ("Barbell Back Squat", "Barbell Bench Press", "Barbell Bent-Over Row")
        days = [client.get("/exercises", params={"q": name}).json()["items"][0]["id"] for name in names]
        for days_ago in (12, 9, 6, 3):
            assert me.post("/workouts", json=workout(days, days_ago)).status_code == 201
    engine = create_engine(url)
    with engine.begin() as conn:  # one generated person in three may be suggested as similar
        conn.execute(update(User).where(User.id % 3 == 0, User.id != me.id).values(is_discoverable=True))
    assert run_pipeline(url).success

    from pipelines.definitions import build_definitions  # after run_pipeline built the dbt manifest

    tracking = MlflowTracking(tracking_uri=store, candidate_params=QUICK)
    defs = build_definitions(rendered, rendered, tracking)
    first = defs.resolve_job_def("train_recommenders").execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    yield {"url": url, "engine": engine, "settings": settings, "defs": defs, "first": first, "me": me, "store": store}
    engine.dispose()


def materialization(result, *key):
    found = [e.materialization for e in result.get_asset_materialization_events() if e.asset_key.path == list(key)]
    return {k: v.value for k, v in found[0].metadata.items()}


def test_training_registers_and_promotes_with_the_reasons_in_the_asset_metadata(world):
    result = world["first"]
    assert result.success
    meta = materialization(result, "ml", "exercise_recommender")
    assert meta["model_version"] == "1" and meta["alias"] == "champion" and meta["promoted"] is True
    assert "no champion yet" in meta["decision_reason"]
    for candidate in ("popularity_by_segment", "item_knn", "ease", "implicit_als", "session_profile_net"):
        assert candidate in meta["candidates"]

    client = MlflowClient(world["store"])
    assert str(client.get_model_version_by_alias(RECOMMENDER_MODEL, "champion").version) == "1"
    assert str(client.get_model_version_by_alias(SIMILAR_USERS_MODEL, "champion").version) == "1"
    assert client.get_registered_model(PROGRESSION_MODEL).aliases  # champion or challenger, with its reason
    # The ml job trains the moderation model too, its held-out precision and recall in MLflow.
    moderation = materialization(result, "ml", "text_moderation")
    assert moderation["alias"] == "champion" and moderation["recall_harmful"] > 0.5 and moderation["harmless_allowed"] > 0.9
    assert str(client.get_model_version_by_alias(MODERATION_MODEL, "champion").version) == "1"
    parent = client.get_run(meta["mlflow_run_id"].split()[0])
    assert "candidate_metrics.png" in [a.path for a in client.list_artifacts(parent.info.run_id)]
    children = client.search_runs([parent.info.experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    assert len(children) == len(CANDIDATES)
    for child in children:
        assert {"recall_at_10", "ndcg_at_10", "catalog_coverage", "training_seconds"} <= set(child.data.metrics)
        # The one real person (ours; the others are generated) is scored apart, beside the baselines.
        assert child.data.metrics["real_evaluated_users"] == 1 and 0 <= child.data.metrics["real_ndcg_at_10"] <= 1
    assert parent.data.params["evaluated_real_people"] == "1"
    assert {f"real_baseline_{name}_ndcg_at_10" for name in ("same_title", "transition", "lifter_frequency")} <= set(parent.data.metrics)
    # The same title again gives back this person's last workout exactly: every exercise found.
    assert parent.data.metrics["real_baseline_same_title_ndcg_at_10"] == 1.0
    assert "real_ndcg_at_10" in meta["candidates"] and "same_title (baseline, real people)" in meta["candidates"]
    tags = client.get_model_version(RECOMMENDER_MODEL, "1").tags
    assert float(tags["real_ndcg_at_10"]) >= 0 and tags["real_best_baseline"].endswith(" 1.0000")
    model_info = mlflow.models.get_model_info(f"models:/{RECOMMENDER_MODEL}/1")
    assert model_info.signature is not None and model_info.saved_input_example_info is not None
    # Anyone can use the registered model through MLflow's own interface.
    answer = mlflow.pyfunc.load_model(f"models:/{RECOMMENDER_MODEL}/1").predict(
        context_frame([UserContext("strength", "beginner"), UserContext("endurance", "advanced")], k=4)
    )
    assert [len(json.loads(ids)) for ids in answer["exercise_ids"]] == [4, 4]
    neighbours = mlflow.pyfunc.load_model(f"models:/{SIMILAR_USERS_MODEL}/1").predict(
        pd.DataFrame({"user_id": [world["me"].id], "k": [3]})
    )
    assert len(json.loads(neighbours["neighbours_json"][0])) == 3


def test_the_api_serves_the_champion_and_follows_the_alias_without_a_restart(world):
    app = create_app(world["settings"], database_url=world["url"].render_as_string(hide_password=False))
    mlflow_client = MlflowClient(world["store"])
    with TestClient(app) as client:
        me = world["me"]
        me.client = client
        answer = me.post("/recommendations/exercises", json={"k": 5}).json()
        assert answer["model"] == {"name": RECOMMENDER_MODEL, "version": "1", "source": "model"}
        assert len(answer["items"]) == 5
        # The model's ranking goes through the same equipment filter.
        me.patch("/users/me", json={"available_equipment": ["BANDS"]})
        home = me.post("/recommendations/exercises", json={"k": 20}).json()
        assert home["model"]["source"] == "model" and {i["equipment"] for i in home["items"]} <= {"NONE", "BANDS"}
        me.patch("/users/me", json={"available_equipment": ["NONE", "DUMBBELL", "BARBELL", "OTHER", "CABLE", "KETTLEBELL", "MACHINE", "BANDS"]})

        similar = me.get(f"/similar-users/{me.id}", params={"k": 5}).json()
        assert similar["model_version"] == "1" and similar["users"]
        with Session(world["engine"]) as db:
            shown = db.scalars(select(User).where(User.id.in_([u["user_id"] for u in similar["users"]]))).all()
        assert all(u.is_discoverable for u in shown) and me.id not in {u.id for u in shown}

        plan = me.post("/recommendations/next-workout", json={"exercises": 4}).json()
        assert plan["model"]["version"] == "1" and len(plan["exercises"]) == 4

        # A second training on the same data is no better: registered, but only as challenger.
        second = world["defs"].resolve_job_def("train_recommenders").execute_in_process(instance=DagsterInstance.ephemeral())
        assert materialization(second, "ml", "exercise_recommender")["alias"] == "challenger"
        assert str(mlflow_client.get_model_version_by_alias(RECOMMENDER_MODEL, "challenger").version) == "2"
        time.sleep(1)
        assert me.post("/recommendations/exercises", json={"k": 5}).json()["model"]["version"] == "1"

        # Someone moves the alias by hand: the periodic check picks it up.
        mlflow_client.set_registered_model_alias(RECOMMENDER_MODEL, "champion", "2")
        assert wait_for(lambda: me.post("/recommendations/exercises", json={"k": 5}).json()["model"]["version"] == "2")

        # A broken version takes the alias: it fails to load, and version 2 keeps serving.
        broken = world["settings"].pulse_home_dir / "broken"
        broken.mkdir()
        (broken / "params.json").write_text("{not json")
        with mlflow.start_run(experiment_id=mlflow_client.get_experiment_by_name(RECOMMENDER_MODEL).experiment_id):
            info = mlflow.pyfunc.log_model(
                name="model", python_model=str(MODEL_CODE / "exercise_recommender.py"),
                artifacts={"recommender": str(broken)}, pip_requirements=["mlflow"],
            )
        version = mlflow.register_model(info.model_uri, RECOMMENDER_MODEL).version
        mlflow_client.set_registered_model_alias(RECOMMENDER_MODEL, "champion", version)
        with Session(world["engine"]) as db:
            db.execute(update(User).where(User.id == me.id).values(is_admin=True))
            db.commit()
        status = {m["name"]: m for m in me.post("/models/reload").json()["models"]}[RECOMMENDER_MODEL]
        assert status["version"] == "2" and status["last_error"]
        shown = {m["name"]: m for m in me.get("/models").json()["models"]}[RECOMMENDER_MODEL]
        assert shown["run_id"] and shown["last_error"] == status["last_error"] != "the last check failed"  # an admin sees the details
        assert me.post("/recommendations/exercises", json={"k": 5}).json()["model"]["version"] == "2"
        mlflow_client.set_registered_model_alias(RECOMMENDER_MODEL, "champion", "2")


def test_a_starting_api_answers_at_once_and_serves_the_champions_once_they_have_loaded(world):
    # The holder's first check of the aliases is held back (its own lock, taken here) to look at
    # the moment before the champions are in: start() does not wait for it.
    holder = ModelHolder(world["settings"])
    holder._lock.acquire()
    try:
        started = time.monotonic()
        holder.start(wait_seconds=0)
        assert time.monotonic() - started < 1 and not holder.ready.is_set() and holder.get(RECOMMENDER_MODEL) is None
    finally:
        holder._lock.release()
    assert holder.ready.wait(60) and holder.get(RECOMMENDER_MODEL).version
    holder.stop()

    app = create_app(world["settings"].model_copy(update={"model_start_wait_seconds": 0}), database_url=world["url"].render_as_string(hide_password=False))
    with TestClient(app) as client:
        me = world["me"]
        me.client = client
        first = client.get("/health").json()
        assert first["status"] == "ok" and first["models"]["status"] in {"loading", "ready"}
        if first["models"]["status"] == "loading":  # meanwhile the fallback answers
            assert me.post("/recommendations/exercises", json={"k": 5}).status_code == 200
        assert wait_for(lambda: client.get("/health").json()["models"]["status"] == "ready", 60)
        assert me.post("/recommendations/exercises", json={"k": 5}).json()["model"]["source"] == "model"


def test_post_models_train_runs_the_training_job_and_reports_its_state(world):
    app = create_app(world["settings"], database_url=world["url"].render_as_string(hide_password=False))
    with TestClient(app) as client:
        me = world["me"]
        me.client = client
        with Session(world["engine"]) as db:
            db.execute(update(User).where(User.id == me.id).values(is_admin=True))
            db.commit()
        before = len(MlflowClient(world["store"]).search_model_versions(f"name = '{RECOMMENDER_MODEL}'"))
        started = me.post("/models/train")
        assert started.status_code == 202
        run_id = started.json()["run_id"]
        again = me.post("/models/train")
        assert again.status_code == 409 and run_id in again.json()["detail"]
        # Another worker process of the same API (its own process table, the same PULSE_HOME)
        # knows the run as well, before Dagster has recorded it and after.
        with TestClient(create_app(world["settings"], database_url=world["url"].render_as_string(hide_password=False))) as other:
            me.client = other
            assert me.get(f"/models/train/{run_id}").json()["status"] in ("STARTING", "QUEUED", "STARTED", "SUCCESS")
            me.client = client
        states = []
        assert wait_for(
            lambda: states.append(me.get(f"/models/train/{run_id}").json()["status"]) or states[-1] in ("SUCCESS", "FAILURE"),
            seconds=420,
        ), states[-3:]
        log = (world["settings"].pulse_home_dir / "training" / f"{run_id}.log").read_text()
        assert states[-1] == "SUCCESS", log[-3000:]
        after = len(MlflowClient(world["store"]).search_model_versions(f"name = '{RECOMMENDER_MODEL}'"))
        assert after == before + 1


def test_the_api_can_ask_a_separate_ml_service_and_falls_back_when_it_is_down(world):
    import socket
    import threading

    import uvicorn

    from serving.app import create_ml_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_ml_app(world["settings"]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: server.started)
        champion = str(MlflowClient(world["store"]).get_model_version_by_alias(RECOMMENDER_MODEL, "champion").version)
        remote = world["settings"].model_copy(update={"ml_service_url": f"http://127.0.0.1:{port}"})
        with TestClient(create_app(remote, database_url=world["url"].render_as_string(hide_password=False))) as client:
            me = world["me"]
            me.client = client
            answer = me.post("/recommendations/exercises", json={"k": 3}).json()
            assert answer["model"] == {"name": RECOMMENDER_MODEL, "version": champion, "source": "model"}
            assert {m["name"]: m["version"] for m in me.get("/models").json()["models"]}[RECOMMENDER_MODEL] == champion
            # Comments go through the service's moderation model too.
            workout = me.get("/workouts", params={"status": "completed"}).json()["items"][0]
            said = me.post(f"/workouts/{workout['id']}/comments", json={"body": "everyone at my gym is a loser"})
            assert said.status_code == 201 and said.json()["moderation"] == "held"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    # Nothing listens there any more: popularity answers, and /models says the service is down.
    with TestClient(create_app(remote, database_url=world["url"].render_as_string(hide_password=False))) as client:
        me.client = client
        answer = me.post("/recommendations/exercises", json={"k": 3})
        assert answer.status_code == 200 and answer.json()["model"]["source"] == "popularity_fallback"
        assert len(answer.json()["items"]) == 3
        assert me.get("/models").status_code == 503


# What recsys/model_code/*.py held before the model library moved out of serving/.
BEFORE_THE_MOVE = {
    "exercise_recommender.py": "from mlflow.models import set_model\n\nfrom serving.pyfunc import ExerciseRecommenderModel\n\nset_model(ExerciseRecommenderModel())\n",
    "similar_users.py": "from mlflow.models import set_model\n\nfrom serving.pyfunc import SimilarUsersModel\n\nset_model(SimilarUsersModel())\n",
}


def log_before_the_move(experiment_id: str, model_name: str, code_file: Path, artifacts: dict[str, str]) -> str:
    """Register a version as training did before the move: its model code imports serving.pyfunc,
    which existed then (it is put back for the logging only)."""
    import recsys.pyfunc

    sys.modules["serving.pyfunc"] = recsys.pyfunc
    try:
        with mlflow.start_run(experiment_id=experiment_id):
            info = mlflow.pyfunc.log_model(name="model", python_model=str(code_file), artifacts=artifacts, pip_requirements=["mlflow"])
    finally:
        del sys.modules["serving.pyfunc"]
    return mlflow.register_model(info.model_uri, model_name).version


def test_a_registry_from_before_the_move_retrains_cleanly(world, tmp_path):
    from recsys.registry import artifact_root, connect, ensure_experiment
    from recsys.similar import SimilarUsersIndex

    store = f"sqlite:///{tmp_path}/mlflow.db"
    client = connect(store)
    experiment = ensure_experiment(client, "before-the-move", artifact_root(store))
    for name, code in BEFORE_THE_MOVE.items():
        (tmp_path / name).write_text(code)
    catalog_model = CANDIDATES["popularity_by_segment"](Catalog(np.array([1, 2, 3]))).fit([UserContext("strength", "beginner", ((1, 2),))])
    old = {
        RECOMMENDER_MODEL: log_before_the_move(experiment, RECOMMENDER_MODEL, tmp_path / "exercise_recommender.py", {"recommender": str(catalog_model.save(tmp_path / "rec"))}),
        SIMILAR_USERS_MODEL: log_before_the_move(experiment, SIMILAR_USERS_MODEL, tmp_path / "similar_users.py", {
            "index": str(SimilarUsersIndex(np.array([1, 2]), np.eye(2)).save(tmp_path / "index"))}),
    }
    for name, version in old.items():
        client.set_registered_model_alias(name, "champion", version)

    # Serving cannot load them: it says why and keeps answering from popularity meanwhile.
    holder = ModelHolder(world["settings"].model_copy(update={"mlflow_tracking_uri": store}))
    slots = holder.refresh()
    for name in old:
        assert slots[name].loaded is None and "serving.pyfunc" in slots[name].last_error

    # The next training replaces them, saying so, and serving loads the new versions.
    from pipelines.definitions import build_definitions

    rendered = world["url"].render_as_string(hide_password=False)
    defs = build_definitions(rendered, rendered, MlflowTracking(tracking_uri=store, candidate_params=QUICK))
    result = defs.resolve_job_def("train_recommenders").execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    meta = materialization(result, "ml", "exercise_recommender")
    assert meta["alias"] == "champion" and meta["model_version"] == "2"
    assert f"the champion, version {old[RECOMMENDER_MODEL]}, does not load" in meta["decision_reason"]
    assert "serving.pyfunc" in meta["decision_reason"]
    assert not client.get_model_version(RECOMMENDER_MODEL, old[RECOMMENDER_MODEL]).aliases
    slots = holder.refresh()
    assert {name: slots[name].loaded.version for name in old} == {RECOMMENDER_MODEL: "2", SIMILAR_USERS_MODEL: "2"}
    assert all(slots[name].last_error is None for name in old)


def test_the_ml_service_health_names_the_champions_it_serves(world):
    from serving.app import create_ml_app

    with TestClient(create_ml_app(world["settings"])) as client:
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "ready"
        versions = health.json()["models"]
        assert versions[RECOMMENDER_MODEL] and versions[RECOMMENDER_MODEL] in client.get("/metrics").text
        assert versions[MODERATION_MODEL] == "1"
        judged = client.post("/ml/moderation/text", json={"texts": ["great squat session today", "send nudes, my onlyfans has more"]}).json()
        assert judged["model_version"] == "1" and [r["decision"] for r in judged["results"]] == ["allow", "reject"]
        assert judged["results"][1]["flagged"] == ["sexual"] and judged["results"][1]["decided_by"] == "model"
        assert client.post("/ml/moderation/text", json={"texts": []}).status_code == 422
