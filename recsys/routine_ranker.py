"""The routine ranker: "what comes in the next session" from the shape of a person's own training.

Real lifters train from routines: the same titled workout again, a rotation of two or three days,
an exercise every third session. The ranker describes each exercise a person could do next by
features of their own history only (was it in the last sessions with the title about to start,
how consistent that title's sessions are, where it sits in the rotation, how often and how
recently it was done, what followed the last session before, where in a session they do it),
whether its muscle group is one the title names ("Push", "Legs": recsys.titles), plus how many
people of their goal and level train it, and a gradient-boosted tree model learnt from many
people's sessions turns the features into a score. A feature that does not apply (an exercise
never done in the last session, a title that names no muscle) is missing, which the trees learn
a direction for. It learns nothing about an exercise id, so it ranks a person's own custom
exercises as well as library ones, and nothing about one person's exercises reaches another.

The trees are kept as plain arrays (see recsys.recommenders) and walked with numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from recsys.recommenders import PopularityBySegment, Recommender
from recsys.sessions import UserContext, session_likeness, title_key
from recsys.titles import muscles_named

FEATURES = (
    "title_known", "same_title_lag1", "same_title_lag2", "same_title_lag3", "same_title_share",
    "title_consistency", "title_share", "lag1", "lag2", "lag3", "lag4", "log_sessions_since",
    "share", "recency_weight", "transition", "rotation_votes", "due_ratio", "due_now", "done_before",
    "segment_popularity", "log_history_length", "title_unknown",
    "same_title_position", "last_position", "usual_position", "title_names_muscle",
)
RECENCY_DECAY = 0.85
SAME_TITLE_SESSIONS = 10
# Sessions the usual place of an exercise in a session is averaged over.
POSITION_SESSIONS = 10
ROTATION_NEIGHBOURS = 3
# Gaps between an exercise's latest times its usual gap is the median of.
DUE_GAPS = 5
# Of every four training examples, one hides the title, as when the app asks without one.
HIDE_TITLE_EVERY = 4
# Exercises a person never did, sampled per training example (each weighted for the rest).
UNSEEN_SAMPLE = 12


def history_features(context: UserContext, exercise_ids: Sequence[int], popularity: np.ndarray) -> np.ndarray:
    """(len(exercise_ids), len(FEATURES)) for a person about to start a session; `popularity`
    holds each exercise's segment share (0 for ids the population never trained)."""
    sessions = [frozenset(s) for s in context.sessions]
    n = len(sessions)
    titles = [title_key(context.title_of(i)) for i in range(n)]
    known_title = context.next_title is not None
    key = title_key(context.next_title)
    ids = np.asarray(exercise_ids, dtype=np.int64)
    named = muscles_named(context.next_title)
    names_muscle = np.array([_names(named, context.muscles.get(int(e))) for e in ids], dtype=np.float32)
    if n == 0:
        rows = np.zeros((len(ids), len(FEATURES)), dtype=np.float32)
        rows[:, FEATURES.index("log_sessions_since")] = math.log1p(1)
        rows[:, FEATURES.index("segment_popularity")] = popularity
        rows[:, FEATURES.index("title_unknown")] = 0.0 if known_title else 1.0
        rows[:, [FEATURES.index(f) for f in ("same_title_position", "last_position", "usual_position")]] = np.nan
        rows[:, FEATURES.index("title_names_muscle")] = names_muscle
        return rows
    vocabulary = {e: i for i, e in enumerate(sorted({e for s in sessions for e in s}))}
    presence = np.zeros((n, len(vocabulary) + 1), dtype=np.float32)  # the last column: never done
    for row, session in enumerate(sessions):
        presence[row, [vocabulary[e] for e in session]] = 1.0
    column = np.array([vocabulary.get(int(e), len(vocabulary)) for e in ids])

    same = [i for i in range(n - 1, -1, -1) if known_title and titles[i] == key][:SAME_TITLE_SESSIONS]
    same_lags = [presence[same[k]] if k < len(same) else np.zeros(presence.shape[1], np.float32) for k in range(3)]
    same_share = presence[same].mean(axis=0) if same else np.zeros(presence.shape[1], np.float32)
    pairs = list(zip(same, same[1:], strict=False))[:5]
    consistency = float(np.mean([session_likeness(sessions[a], sessions[b]) for a, b in pairs])) if pairs else 0.0
    lags = [presence[n - k] if k <= n else np.zeros(presence.shape[1], np.float32) for k in range(1, 5)]

    ages = np.arange(n - 1, -1, -1, dtype=np.float32)  # 0 for the latest session
    ever = presence.any(axis=0)
    last_done = np.where(ever, n - 1 - np.argmax(presence[::-1], axis=0), -1)
    since = np.where(ever, n - last_done, n + 1).astype(np.float32)
    recency = (RECENCY_DECAY**ages) @ presence

    transition = _transition(presence)
    votes = _rotation_votes(sessions, presence)
    due_ratio, due_now = _due(presence, since)
    places = _places(context.sessions, vocabulary, presence.shape[1])
    recent_places = places[-POSITION_SESSIONS:]
    times = np.isfinite(recent_places).sum(axis=0)
    usual_place = np.where(times > 0, np.nansum(recent_places, axis=0) / np.maximum(times, 1), np.nan)
    missing = np.full(presence.shape[1], np.nan, np.float32)

    table = np.stack(
        [
            np.full(presence.shape[1], 1.0 if same else 0.0),
            *same_lags,
            same_share,
            np.full(presence.shape[1], consistency),
            np.full(presence.shape[1], len(same) / n if known_title else 0.0),
            *lags,
            np.log1p(since),
            presence.mean(axis=0),
            recency,
            transition,
            votes,
            due_ratio,
            due_now,
            ever.astype(np.float32),
            np.zeros(presence.shape[1]),  # popularity: per requested exercise, below
            np.full(presence.shape[1], math.log1p(n)),
            np.full(presence.shape[1], 0.0 if known_title else 1.0),
            places[same[0]] if same else missing,
            places[-1],
            usual_place,
            np.zeros(presence.shape[1]),  # the title's muscles: per requested exercise, below
        ],
        axis=1,
    ).astype(np.float32)
    rows = table[column]
    rows[:, FEATURES.index("segment_popularity")] = popularity
    rows[:, FEATURES.index("title_names_muscle")] = names_muscle
    return rows


def _names(named: frozenset[str], muscle: str | None) -> float:
    """1 when the title names the exercise's muscle group, 0 when it names others; missing when
    it names none or the muscle group is not known."""
    return float(muscle in named) if named and muscle is not None else np.nan


def _places(sessions: Sequence[Sequence[int]], vocabulary: dict[int, int], width: int) -> np.ndarray:
    """(sessions, width): where in each session each exercise was logged, from 0 (first) to 1
    (last), missing where it was not done."""
    places = np.full((len(sessions), width), np.nan, np.float32)
    for row, session in enumerate(sessions):
        for place, e in enumerate(session):
            places[row, vocabulary[e]] = (place + 0.5) / len(session)
    return places


def _transition(presence: np.ndarray) -> np.ndarray:
    """How often each exercise followed, in the next session, the exercises of the last session."""
    if len(presence) < 2:
        return np.zeros(presence.shape[1], np.float32)
    before, after = presence[:-1], presence[1:]
    follows = before.T @ after  # follows[a, b]: sessions with a followed by one with b
    occurrences = before.sum(axis=0)
    last = presence[-1] > 0
    if not last.any():
        return np.zeros(presence.shape[1], np.float32)
    rates = follows[last] / np.maximum(occurrences[last, None], 1.0)
    return rates.mean(axis=0).astype(np.float32)


def _rotation_votes(sessions: list[frozenset], presence: np.ndarray) -> np.ndarray:
    """What followed the earlier sessions most like the last one (weighted by likeness): where
    a rotation of days goes next, whatever the days are called."""
    n = len(sessions)
    votes = np.zeros(presence.shape[1], np.float32)
    if n < 2:
        return votes
    likeness = sorted(((session_likeness(sessions[j], sessions[-1]), j) for j in range(n - 1)), reverse=True)[:ROTATION_NEIGHBOURS]
    for weight, j in likeness:
        votes += weight * presence[j + 1]
    return votes / ROTATION_NEIGHBOURS


def _due(presence: np.ndarray, since: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sessions since each exercise was done, over its usual gap (the median of its last five),
    for every exercise at once."""
    n, width = presence.shape
    latest_first = np.cumsum(presence[::-1], axis=0)  # [r, e]: times e was done in the last r + 1 sessions
    back, columns = np.nonzero((presence[::-1] > 0) & (latest_first <= DUE_GAPS + 1))
    done = np.full((DUE_GAPS + 1, width), np.nan)  # [k, e]: the session of e's (k + 1)-th latest time
    done[latest_first[back, columns].astype(int) - 1, columns] = n - 1 - back
    regular = np.isfinite(done[1])  # done at least twice: it has a usual gap
    ratio = np.zeros(width, np.float32)
    now = np.zeros(width, np.float32)
    if regular.any():
        gaps = np.sort(done[:-1, regular] - done[1:, regular], axis=0)  # a missing gap sorts last
        count, middle = np.isfinite(gaps).sum(axis=0), np.arange(gaps.shape[1])
        period = (gaps[(count - 1) // 2, middle] + gaps[count // 2, middle]) / 2
        ratio[regular] = since[regular] / period
        now[regular] = since[regular] == period
    return ratio, now


class RoutineRanker(Recommender):
    name = "routine_ranker"

    def _popularity(self, context: UserContext, exercise_ids: Sequence[int]) -> np.ndarray:
        """The segment share of each exercise; 0 for one outside the catalog (a custom exercise)."""
        shares = self.popularity.score_exercises(context, exercise_ids)
        return np.where(np.isfinite(shares), shares, 0.0).astype(np.float32)

    def _examples(self, contexts: Sequence[UserContext], rng: np.random.Generator):
        """Per person and session: the features of what they had done and of a sample of what they
        had not (weighted up to all of it), labelled by the session that came next."""
        rows, labels, weights = [], [], []
        catalog = [int(e) for e in self.catalog.exercise_ids]
        for context in contexts:
            for cut in range(1, len(context.sessions)):
                title = None if cut % HIDE_TITLE_EVERY == HIDE_TITLE_EVERY - 1 else context.title_of(cut)
                shown = context.before(cut, title).recent()
                done = sorted({e for s in shown.sessions for e in s})
                known = set(done)
                unseen = [e for e in catalog if e not in known]
                sample = list(rng.choice(unseen, size=min(UNSEEN_SAMPLE, len(unseen)), replace=False)) if unseen else []
                candidates = done + [int(e) for e in sample]
                target = set(context.sessions[cut])
                rows.append(history_features(shown, candidates, self._popularity(shown, candidates)))
                labels += [e in target for e in candidates]
                weights += [1.0] * len(done) + [len(unseen) / max(len(sample), 1)] * len(sample)
        width = len(FEATURES)
        return (np.concatenate(rows) if rows else np.zeros((0, width), np.float32)), np.array(labels), np.array(weights)

    def fit(self, contexts, progress=None):
        from sklearn.ensemble import HistGradientBoostingClassifier

        self.popularity = PopularityBySegment(self.catalog).fit(contexts)
        rng = np.random.default_rng(int(self.params.setdefault("seed", 0)))
        x, y, w = self._examples(contexts, rng)
        if not y.any() or y.all():
            raise ValueError("the routine ranker needs sessions that both hold and lack exercises seen before")
        # A feature missing everywhere (no muscle groups known, no title naming one) would stop
        # scikit-learn's binning: as a constant it is simply never split on.
        x[:, np.isnan(x).all(axis=0)] = 0.0
        model = HistGradientBoostingClassifier(
            max_iter=int(self.params.setdefault("trees", 200)),
            learning_rate=float(self.params.setdefault("learning_rate", 0.05)),
            max_leaf_nodes=int(self.params.setdefault("leaves", 15)),
            # Shallow trees keep serving quick: the walk takes one step per level.
            max_depth=int(self.params.setdefault("depth", 6)),
            random_state=int(self.params["seed"]),
        ).fit(x, y, sample_weight=w)
        self.params["segments"] = self.popularity.params["segments"]
        self.arrays = {"segment_shares": self.popularity.arrays["segment_shares"], **_tree_arrays(model)}
        self.restore()
        return self

    def restore(self):
        self.popularity = PopularityBySegment(self.catalog, segments=self.params["segments"])
        self.popularity.arrays = {"segment_shares": self.arrays["segment_shares"]}

    def score_exercises(self, context: UserContext, exercise_ids: Sequence[int]) -> np.ndarray:
        shown = context.recent()
        return _walk(self.arrays, history_features(shown, exercise_ids, self._popularity(shown, exercise_ids)))

    def _score(self, contexts):
        ids = [int(e) for e in self.catalog.exercise_ids]
        return np.stack([self.score_exercises(c, ids) for c in contexts]) if contexts else np.zeros((0, len(ids)), np.float32)


def _tree_arrays(model) -> dict[str, np.ndarray]:
    """A fitted binary HistGradientBoostingClassifier as flat arrays: every tree's nodes one after
    another (children as absolute node numbers) and the starting value."""
    trees = [predictors[0].nodes for predictors in model._predictors]
    offsets = np.cumsum([0] + [len(t) for t in trees[:-1]])
    nodes = np.concatenate(trees)
    shift = np.repeat(offsets, [len(t) for t in trees])
    return {
        "tree_roots": offsets.astype(np.int64),
        "node_feature": nodes["feature_idx"].astype(np.int64),
        "node_threshold": nodes["num_threshold"].astype(np.float64),
        "node_missing_left": nodes["missing_go_to_left"].astype(bool),
        "node_left": (nodes["left"] + shift).astype(np.int64),
        "node_right": (nodes["right"] + shift).astype(np.int64),
        "node_leaf": nodes["is_leaf"].astype(bool),
        "node_value": nodes["value"].astype(np.float64),
        "baseline": np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1)[:1],
    }


def _walk(arrays: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The trees' summed raw score (log-odds) for each row of x: every row down every tree at once,
    one level per step."""
    leaf, left, right = arrays["node_leaf"], arrays["node_left"], arrays["node_right"]
    feature, threshold, missing_left = arrays["node_feature"], arrays["node_threshold"], arrays["node_missing_left"]
    node = np.broadcast_to(arrays["tree_roots"], (len(x), len(arrays["tree_roots"]))).copy()
    rows = np.arange(len(x))[:, None]
    while not leaf[node].all():
        value = x[rows, feature[node]]
        go_left = np.where(np.isnan(value), missing_left[node], value <= threshold[node])
        node = np.where(leaf[node], node, np.where(go_left, left[node], right[node]))
    return (float(arrays["baseline"][0]) + arrays["node_value"][node].sum(axis=1)).astype(np.float32)
