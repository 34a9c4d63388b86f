"""Analytics for administrators: reports the ML service reads from the dbt marts."""

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import AdminUser, MlDep
from serving.client import AnalyticsNotBuilt, MlUnavailable
from serving.contract import AnalyticsOutput

router = APIRouter(prefix="/analytics", tags=["analytics"])

Report = Literal["daily-active", "retention", "recommendation-acceptance", "moderation"]


@router.get("/{report}", response_model=AnalyticsOutput)
def report(
    report: Report,
    admin: AdminUser,
    ml: MlDep,
    days: Annotated[int, Query(ge=1, le=3660, description="the window, back from the newest day in the mart")] = 30,
    population: Annotated[Literal["all", "real", "synthetic"], Query(description="whose activity: real people, generated ones, or all")] = "all",
) -> AnalyticsOutput:
    """daily-active (community_daily), retention (retention_cohorts), recommendation-acceptance
    (recommendation_feedback_daily, by model version) or moderation (moderation_daily)."""
    try:
        return ml.analytics(report, days, population)
    except AnalyticsNotBuilt as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error
    except MlUnavailable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(error)) from error
