"""What to train next: ranked exercises, a complete next workout, similar lifters, and feedback."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.deps import AnalyticsDep, CurrentUser, MlDep, SessionDep
from api.recommendations import service
from api.recommendations.cache import RecommendationCache
from api.recommendations.schemas import (
    ExercisesRecommendation,
    ExercisesRequest,
    FeedbackIn,
    FeedbackOut,
    NextWorkout,
    NextWorkoutRequest,
    SimilarUsers,
)
from api.schemas import PathId

router = APIRouter(tags=["recommendations"])


def get_cache(request: Request) -> RecommendationCache:
    return request.app.state.recommendation_cache


CacheDep = Annotated[RecommendationCache, Depends(get_cache)]


# Sync routes: model inference is CPU-bound and runs in the threadpool.
@router.post("/recommendations/exercises", response_model=ExercisesRecommendation)
def recommend_exercises(body: ExercisesRequest, session: SessionDep, user: CurrentUser, ml: MlDep, cache: CacheDep, analytics: AnalyticsDep):
    """Exercises to train next, best first, from the serving champion model (or, when no model can
    answer, what people with your goal and level train most). Only exercises your equipment allows."""
    answer = service.recommend_exercises(session, ml, cache, user, body)
    analytics.capture(user.id, "recommendation_shown", kind="exercises", model_version=answer.model.version, source=answer.model.source,
                      cached=answer.cached)
    return answer


@router.post("/recommendations/next-workout", response_model=NextWorkout)
def next_workout(body: NextWorkoutRequest, session: SessionDep, user: CurrentUser, ml: MlDep, analytics: AnalyticsDep):
    """A complete session: exercises from the ranking that spare muscle groups trained hard in the
    last 48 hours or in a load spike this week, with sets, reps and suggested weights for your goal."""
    plan = service.plan_next_workout(session, ml, user, body)
    analytics.capture(user.id, "recommendation_shown", kind="next_workout", model_version=plan.model.version, source=plan.model.source)
    return plan


@router.post("/recommendations/{recommendation_id}/feedback", response_model=FeedbackOut, status_code=status.HTTP_201_CREATED)
def give_feedback(recommendation_id: PathId, body: FeedbackIn, session: SessionDep, user: CurrentUser, analytics: AnalyticsDep, response: Response):
    """Accepted, skipped, thumbs up or down for one recommended exercise (stored once)."""
    feedback, created = service.give_feedback(session, user, recommendation_id, body)
    if not created:
        response.status_code = status.HTTP_200_OK
    else:
        analytics.capture(user.id, f"recommendation_{body.action.value}")
    return feedback


@router.get("/similar-users/{user_id}", response_model=SimilarUsers)
def similar_users(
    user_id: PathId,
    session: SessionDep,
    user: CurrentUser,
    ml: MlDep,
    k: Annotated[int, Query(ge=1, le=50, description="how many people (1-50)")] = 10,
):
    """People who train like you, among those who chose to be discoverable."""
    return service.similar_users(session, ml, user, user_id, k)
