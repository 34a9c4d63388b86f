"""Answering from the models the holder serves. `NoModel` means no champion is loaded: callers
fall back (popularity, repeating the last set) instead of failing."""

from __future__ import annotations

import numpy as np

from recsys import moderation
from recsys.progression import suggest
from recsys.ranking import top_k
from recsys.registry import MODERATION_MODEL, PROGRESSION_MODEL, RECOMMENDER_MODEL, SIMILAR_USERS_MODEL
from recsys.sessions import TopSet, UserContext
from serving.contract import (
    ModelsOutput,
    ModelStatus,
    ModerateInput,
    ModerateOutput,
    Moderation,
    Neighbour,
    ProgressionInput,
    ProgressionOutput,
    RecommendInput,
    RecommendOutput,
    ScoredExercise,
    SimilarInput,
    SimilarOutput,
    SuggestedSet,
)
from serving.holder import ModelHolder


class NoModel(LookupError):
    """No champion of this model is loaded."""


def recommend(holder: ModelHolder, request: RecommendInput) -> RecommendOutput:
    loaded = holder.get(RECOMMENDER_MODEL)
    if loaded is None:
        raise NoModel(RECOMMENDER_MODEL)
    model = loaded.model
    context = UserContext(
        request.fitness_goal, request.experience_level, tuple(tuple(s) for s in request.sessions), tuple(request.titles), request.next_title,
        request.exercise_muscles,
    )
    allowed = sorted(set(request.allowed_exercise_ids))
    scores = model.score_exercises(context, allowed)  # -inf for what the model cannot rank
    ranked = top_k(scores[None, :], request.k, np.isfinite(scores))[0]
    items = [ScoredExercise(exercise_id=allowed[i], score=round(float(scores[i]), 6)) for i in ranked if i >= 0]
    return RecommendOutput(model_name=RECOMMENDER_MODEL, model_version=loaded.version, items=items)


def similar(holder: ModelHolder, request: SimilarInput) -> SimilarOutput:
    loaded = holder.get(SIMILAR_USERS_MODEL)
    if loaded is None:
        raise NoModel(SIMILAR_USERS_MODEL)
    found = loaded.model.neighbours(request.user_id, request.k)
    return SimilarOutput(model_version=loaded.version, neighbours=[Neighbour(user_id=u, similarity=s) for u, s in found])


def progression(holder: ModelHolder, request: ProgressionInput) -> ProgressionOutput:
    """Suggestions for every exercise with history; without a champion, the last set again."""
    loaded = holder.get(PROGRESSION_MODEL)
    suggestions = {}
    for exercise_id, history in request.histories.items():
        if history:
            s = suggest([TopSet(h.weight_kg, h.reps, h.rpe) for h in history], loaded.model if loaded else None)
            suggestions[exercise_id] = SuggestedSet(weight_kg=s.weight_kg, reps=s.reps, basis=s.basis)
    return ProgressionOutput(model_version=loaded.version if loaded else None, suggestions=suggestions)


def moderate(holder: ModelHolder, request: ModerateInput, reviewer=None) -> ModerateOutput:
    """The champion's verdict on each text (the rules' without one); a held text gets the
    reviewer's second opinion when there is a reviewer."""
    loaded = holder.get(MODERATION_MODEL)
    if loaded is not None:
        verdicts = [moderation.decide(scores) for scores in moderation.score(loaded.model, request.texts)]
    else:
        verdicts = [moderation.rules_verdict(text) for text in request.texts]
    results = []
    for text, verdict in zip(request.texts, verdicts, strict=True):
        decision, decided_by = verdict.decision, "model" if loaded else "rules"
        if decision == "hold" and reviewer is not None and (second := reviewer.review(text, list(verdict.flagged))) is not None:
            decision, decided_by = second, "anthropic"
        results.append(Moderation(decision=decision, labels=verdict.labels, flagged=list(verdict.flagged), decided_by=decided_by))
    return ModerateOutput(model_name=MODERATION_MODEL, model_version=loaded.version if loaded else None, results=results)


def models(holder: ModelHolder) -> ModelsOutput:
    statuses = []
    for slot in holder.slots.values():
        loaded = slot.loaded
        statuses.append(
            ModelStatus(
                name=slot.name,
                version=loaded.version if loaded else None,
                run_id=loaded.run_id if loaded else None,
                loaded_at=loaded.loaded_at if loaded else None,
                checked_at=slot.checked_at,
                last_error=slot.last_error,
                metrics=loaded.metrics if loaded else {},
            )
        )
    return ModelsOutput(models=statuses)
