"""Recommendations for a person: ask the model (in process or the ML service), fall back to
popularity when no model answers, cache, and record what was served so feedback can refer to it."""

import hashlib
import json
from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from api.blocks.service import hidden_from
from api.enums import FitnessGoal, RecommendationKind, UnitSystem
from api.models import Recommendation, RecommendationFeedback, User
from api.recommendations import context, next_workout
from api.recommendations.cache import RecommendationCache
from api.recommendations.schemas import (
    ExercisesRecommendation,
    ExercisesRequest,
    FeedbackIn,
    FeedbackOut,
    ModelUsed,
    NextWorkout,
    NextWorkoutRequest,
    PlannedExercise,
    RecommendedExercise,
    SimilarUser,
    SimilarUsers,
)
from api.safety.load import training_load
from api.schemas import invalid
from pulse.units import Quantity, from_si
from recsys.progression import Suggestion
from recsys.registry import RECOMMENDER_MODEL
from serving.client import MlBackend, MlUnavailable
from serving.contract import ProgressionInput, RecommendInput, SimilarInput, TopSetIn

FALLBACK = "popularity_fallback"
# Candidates ranked for a next workout, before recovery and balance pick from them.
NEXT_WORKOUT_POOL = 50
# Neighbours asked of the similar-users model before keeping only discoverable people.
SIMILAR_POOL = 200


def _not_found(what: str, ident: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{what} {ident} not found")


def person_for(session: Session, caller: User, user_id: int | None) -> User:
    """Recommendations are personal: only the caller's own. Anyone else is 'not found', whether
    they exist or not, so ids cannot be probed."""
    if user_id is not None and user_id != caller.id:
        raise _not_found("user", user_id)
    return caller


def ranked_exercises(
    session: Session, ml: MlBackend, user: User, allowed: dict, k: int, title: str | None = None
) -> tuple[list[tuple[int, float]], ModelUsed]:
    allowed_ids = list(allowed)
    if not allowed_ids:
        return [], ModelUsed(name=RECOMMENDER_MODEL, version=None, source=FALLBACK)
    sessions, titles = context.session_history(session, user.id)
    request = RecommendInput(
        fitness_goal=user.fitness_goal.value,
        experience_level=user.experience_level.value,
        sessions=sessions,
        titles=titles,
        next_title=title,
        allowed_exercise_ids=allowed_ids,
        exercise_muscles={e: candidate.primary_muscle for e, candidate in allowed.items()},
        k=k,
    )
    try:
        answer = ml.recommend(request)
        ranked = [(item.exercise_id, item.score) for item in answer.items]
        used = ModelUsed(name=answer.model_name, version=answer.model_version, source="model")
    except MlUnavailable:
        ranked, used = [], ModelUsed(name=RECOMMENDER_MODEL, version=None, source=FALLBACK)
    if len(ranked) < k:
        # No model, or fewer known exercises than asked for (new or custom ones): popularity fills in.
        seen = {e for e, _ in ranked}
        ranked += [(e, s) for e, s in context.popularity(session, user, allowed_ids, k) if e not in seen][: k - len(ranked)]
    return ranked, used


def _record(session: Session, user: User, kind: RecommendationKind, used: ModelUsed, exercise_ids: list[int]) -> Recommendation:
    row = Recommendation(
        user_id=user.id, kind=kind, model_name=used.name, model_version=used.version,
        exercise_ids=exercise_ids, is_synthetic=user.is_synthetic,
    )
    session.add(row)
    session.commit()
    return row


def recommend_exercises(
    session: Session, ml: MlBackend, cache: RecommendationCache, caller: User, request: ExercisesRequest
) -> ExercisesRecommendation:
    user = person_for(session, caller, request.user_id)
    fingerprint = hashlib.sha1(json.dumps(["exercises", request.k, request.muscle_group, request.title], default=str).encode()).hexdigest()[:16]
    version = ml.recommender_version()
    key = cache.key(user, version, fingerprint)
    cached = cache.get(key)
    if cached is not None:
        return ExercisesRecommendation.model_validate({**cached, "cached": True})
    allowed = context.allowed_exercises(session, user, request.muscle_group)
    ranked, used = ranked_exercises(session, ml, user, allowed, request.k, request.title)
    row = _record(session, user, RecommendationKind.exercises, used, [e for e, _ in ranked])
    answer = ExercisesRecommendation(
        id=row.id,
        user_id=user.id,
        model=used,
        items=[
            RecommendedExercise(
                rank=rank, exercise_id=e, name=allowed[e].name, primary_muscle=allowed[e].primary_muscle,
                equipment=allowed[e].equipment, exercise_type=allowed[e].exercise_type, score=score,
            )
            for rank, (e, score) in enumerate(ranked, start=1)
        ],
        created_at=row.created_at,
        cached=False,
    )
    # Cached under the version that answered (the fallback's, or a champion that changed during
    # the request), so the key the next request builds finds it.
    cache.put(key if used.version == version else cache.key(user, used.version, fingerprint), answer.model_dump(mode="json"))
    return answer


def plan_next_workout(session: Session, ml: MlBackend, user: User, request: NextWorkoutRequest) -> NextWorkout:
    allowed = context.allowed_exercises(session, user)
    ranked, used = ranked_exercises(session, ml, user, allowed, NEXT_WORKOUT_POOL, request.title)
    recovering = set() if request.include_recovering_muscles else next_workout.recovering_muscles(
        context.effective_sets_48h(session, user.id)
    )
    # A muscle in a load spike gets the session off, whatever the request says of recovery.
    spiking = training_load(session, user.id, datetime.now(UTC).date()).spiking_muscles
    candidates = [allowed[e] for e, _ in ranked]
    chosen = next_workout.choose(candidates, request.exercises, recovering | spiking, user.fitness_goal.value)
    histories = context.top_set_histories(session, user.id, [c.exercise_id for c in chosen if not c.is_timed])
    suggestions = ml.progression(
        ProgressionInput(
            histories={e: [TopSetIn(weight_kg=t.weight_kg, reps=t.reps, rpe=t.rpe) for t in h] for e, h in histories.items()}
        )
    ).suggestions
    units: UnitSystem = user.unit_system
    plan = next_workout.build(
        chosen, request.exercises, user.fitness_goal.value, user.experience_level.value, recovering | spiking,
        {e: Suggestion(s.weight_kg, s.reps, s.basis) for e, s in suggestions.items()}, units,
    )
    row = _record(session, user, RecommendationKind.next_workout, used, [item.candidate.exercise_id for item in plan])
    return NextWorkout(
        id=row.id,
        name=f"{_GOAL_TITLES[user.fitness_goal]} session",
        fitness_goal=user.fitness_goal,
        experience_level=user.experience_level,
        model=used,
        unit_system=units.value,
        exercises=[
            PlannedExercise(
                position=position, exercise_id=item.candidate.exercise_id, name=item.candidate.name,
                primary_muscle=item.candidate.primary_muscle, equipment=item.candidate.equipment,
                sets=item.sets, reps=item.reps, duration_s=item.duration_s,
                suggested_weight=from_si(item.weight_kg, Quantity.weight, units), weight_basis=item.weight_basis,
                rest_seconds=item.rest_seconds,
            )
            for position, item in enumerate(plan, start=1)
        ],
        recovering_muscles=sorted(recovering),
        load_spike_muscles=sorted(spiking),
    )


_GOAL_TITLES = {
    FitnessGoal.strength: "Strength",
    FitnessGoal.muscle_gain: "Hypertrophy",
    FitnessGoal.endurance: "Endurance",
    FitnessGoal.weight_loss: "Conditioning",
    FitnessGoal.general_fitness: "Full-body",
}


def give_feedback(session: Session, user: User, recommendation_id: int, data: FeedbackIn) -> tuple[FeedbackOut, bool]:
    """Store one piece of feedback; the same feedback twice is stored once (returns created=False)."""
    recommendation = session.get(Recommendation, recommendation_id)
    if recommendation is None or recommendation.user_id != user.id:
        raise _not_found("recommendation", recommendation_id)
    if data.exercise_id not in recommendation.exercise_ids:
        raise invalid("exercise_id", f"{data.exercise_id} was not part of recommendation {recommendation_id}")
    values = {
        "recommendation_id": recommendation_id, "user_id": user.id, "exercise_id": data.exercise_id,
        "action": data.action, "is_synthetic": user.is_synthetic,
    }
    created = session.execute(
        pg_insert(RecommendationFeedback).values(values).on_conflict_do_nothing().returning(RecommendationFeedback.id)
    ).scalar()
    session.commit()
    row = session.scalars(
        select(RecommendationFeedback).filter_by(
            recommendation_id=recommendation_id, exercise_id=data.exercise_id, action=data.action
        )
    ).one()
    return FeedbackOut.model_validate(row, from_attributes=True), created is not None


def similar_users(session: Session, ml: MlBackend, caller: User, user_id: int, k: int) -> SimilarUsers:
    user = person_for(session, caller, user_id)
    version = None
    try:
        answer = ml.similar(SimilarInput(user_id=user.id, k=SIMILAR_POOL))
        ranked = [(n.user_id, n.similarity) for n in answer.neighbours]
        version = answer.model_version
    except MlUnavailable:
        ranked = []
    people = {
        u.id: u
        for u in session.scalars(
            select(User).where(
                User.id.in_([u for u, _ in ranked]), User.is_discoverable, User.is_active, User.id != user.id, User.id.not_in(hidden_from(user.id))
            )
        )
    }
    found = [(people[u], s) for u, s in ranked if u in people][:k]
    if not found:
        # New to the index (or no model): discoverable people with the same goal and level.
        version = None
        same = session.scalars(
            select(User)
            .where(
                User.is_discoverable, User.is_active, User.id != user.id, User.id.not_in(hidden_from(user.id)),
                User.fitness_goal == user.fitness_goal, User.experience_level == user.experience_level,
            )
            .order_by(User.id)
            .limit(k)
        )
        found = [(u, 0.0) for u in same]
    return SimilarUsers(
        user_id=user.id,
        model_version=version,
        users=[
            SimilarUser(
                user_id=u.id, username=u.username, fitness_goal=u.fitness_goal,
                experience_level=u.experience_level, similarity=s,
            )
            for u, s in found
        ],
    )

