"""The models serving holds: each registered model's `@champion`, loaded at start and swapped when
the alias moves (checked every `model_refresh_seconds`, and on demand).

A new version replaces the one serving only after it has loaded and answered a smoke request;
anything that fails on the way (MLflow unreachable, a broken artifact, a wrong shape) is recorded
as `last_error` and the model that was working keeps serving.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from pulse.settings import Settings
from recsys.progression import feature_frame
from recsys.registry import (
    CHAMPION,
    MODERATION_MODEL,
    PROGRESSION_MODEL,
    RECOMMENDER_MODEL,
    SIMILAR_USERS_MODEL,
    connect,
    store_exists,
    version_by_alias,
)
from recsys.sessions import TopSet, UserContext

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    name: str
    version: str
    run_id: str | None
    model: Any
    metrics: dict[str, float]
    loaded_at: datetime


@dataclass
class ModelSlot:
    name: str
    loaded: LoadedModel | None = None
    last_error: str | None = None
    checked_at: datetime | None = None


def settle_heap() -> None:
    """Move what exists now (modules, models) out of the garbage collector's sight: it lives as
    long as the process, and a full collection walking it took 200+ ms every second or so under
    load (gc.freeze; what is created later is collected as usual)."""
    gc.collect()
    gc.freeze()


def _load_recommender(uri: str):
    import mlflow.pyfunc

    return mlflow.pyfunc.load_model(uri).unwrap_python_model().recommender


def _load_similar_users(uri: str):
    import mlflow.pyfunc

    return mlflow.pyfunc.load_model(uri).unwrap_python_model().index


def _load_sklearn(uri: str):
    import mlflow.sklearn

    return mlflow.sklearn.load_model(uri)


def _smoke_recommender(model) -> None:
    scores = model.score([UserContext("strength", "beginner"), UserContext("general_fitness", "advanced", ((int(model.catalog.exercise_ids[0]),),))])
    if scores.shape != (2, len(model.catalog)) or not np.isfinite(scores).all():
        raise ValueError(f"smoke request answered scores of shape {scores.shape} with non-finite values")


def _smoke_similar_users(index) -> None:
    if len(index.user_ids) and not isinstance(index.neighbours(int(index.user_ids[0]), 3), list):
        raise ValueError("smoke request did not answer a list of neighbours")


def _smoke_progression(model) -> None:
    if not np.isfinite(model.predict(feature_frame([[TopSet(100.0, 5, 8.0), TopSet(100.0, 5, 8.5)]]))).all():
        raise ValueError("smoke request answered a non-finite weight ratio")


def _smoke_moderation(model) -> None:
    from recsys.moderation_data import LABELS

    scores = model.predict_proba(["great squat session today", "buy pills at example.shop"])
    if scores.shape != (2, len(LABELS)) or not np.isfinite(scores).all():
        raise ValueError(f"smoke request answered scores of shape {scores.shape}")


LOADERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], None]]] = {
    RECOMMENDER_MODEL: (_load_recommender, _smoke_recommender),
    SIMILAR_USERS_MODEL: (_load_similar_users, _smoke_similar_users),
    PROGRESSION_MODEL: (_load_sklearn, _smoke_progression),
    MODERATION_MODEL: (_load_sklearn, _smoke_moderation),
}


@dataclass
class ModelHolder:
    settings: Settings
    slots: dict[str, ModelSlot] = field(default_factory=lambda: {name: ModelSlot(name) for name in LOADERS})

    def __post_init__(self) -> None:
        self.ready = threading.Event()  # set once the first check of every alias is done
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def get(self, name: str) -> LoadedModel | None:
        return self.slots[name].loaded

    def refresh(self) -> dict[str, ModelSlot]:
        """Look up every champion alias once; load and swap in the versions that moved."""
        with self._lock:  # one refresh at a time: the timer and POST /models/reload may meet
            if not store_exists(self.settings.mlflow_uri):
                for slot in self.slots.values():
                    slot.checked_at, slot.last_error = datetime.now(UTC), None
                return self.slots
            try:
                client = connect(self.settings.mlflow_uri)
            except Exception as error:  # noqa: BLE001 - an unreachable store must not stop serving
                for slot in self.slots.values():
                    slot.last_error = f"MLflow unreachable: {error}"
                return self.slots
            for slot in self.slots.values():
                self._refresh_slot(client, slot)
            return self.slots

    def _refresh_slot(self, client, slot: ModelSlot) -> None:
        slot.checked_at = datetime.now(UTC)
        try:
            version = version_by_alias(client, slot.name, CHAMPION)
            if version is None or (slot.loaded and slot.loaded.version == str(version.version)):
                slot.last_error = None
                return
            load, smoke = LOADERS[slot.name]
            model = load(f"models:/{slot.name}/{version.version}")
            smoke(model)
            metrics = client.get_run(version.run_id).data.metrics if version.run_id else {}
            slot.loaded = LoadedModel(slot.name, str(version.version), version.run_id, model, metrics, datetime.now(UTC))
            slot.last_error = None
            settle_heap()
            log.info("serving %s version %s", slot.name, version.version)
        except Exception as error:  # noqa: BLE001 - keep the working model, say why
            slot.last_error = f"{type(error).__name__}: {error}"
            log.warning("keeping %s %s: %s", slot.name, slot.loaded.version if slot.loaded else "(none)", slot.last_error)

    def start(self, wait_seconds: float = 60.0) -> None:
        """Check the aliases in the background, waiting up to `wait_seconds` for the first pass,
        so a slow store or large models cannot hold up the start (answers fall back meanwhile)."""
        self._thread = threading.Thread(target=self._poll, name="model-refresh", daemon=True)
        self._thread.start()
        self.ready.wait(wait_seconds)

    def _poll(self) -> None:
        self.refresh()
        self.ready.set()
        while not self._stop.wait(self.settings.model_refresh_seconds):
            self.refresh()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
