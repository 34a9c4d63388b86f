"""Every exercise recommender candidate by name, and loading a saved one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from recsys.dataset import Catalog
from recsys.recommenders import EASE, ImplicitALS, ItemKNN, PopularityBySegment, Recommender, SessionProfileNet
from recsys.routine_ranker import RoutineRanker

CANDIDATES: dict[str, type[Recommender]] = {
    cls.name: cls for cls in (PopularityBySegment, ItemKNN, EASE, ImplicitALS, SessionProfileNet, RoutineRanker)
}
BASELINES = (PopularityBySegment.name,)


def load_recommender(directory: Path | str) -> Recommender:
    directory = Path(directory)
    meta = json.loads((directory / "params.json").read_text())
    with np.load(directory / "arrays.npz") as stored:
        arrays = {key: stored[key] for key in stored.files}
    catalog = Catalog(arrays.pop("exercise_ids"))
    model = CANDIDATES[meta["name"]](catalog, **meta["params"])
    model.arrays = arrays
    model.restore()
    return model
