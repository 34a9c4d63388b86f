"""The ML service's own endpoints (under /ml): the API calls them over HTTP when ML_SERVICE_URL
is set; inside the API process the same functions (serving.engine) are called directly.
They take already-authorised inputs, so the service listens on a private interface only."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status

from serving import engine
from serving.analytics import NotBuilt
from serving.contract import (
    AnalyticsOutput,
    ModelsOutput,
    ModerateInput,
    ModerateOutput,
    ProgressionInput,
    ProgressionOutput,
    RecommendInput,
    RecommendOutput,
    SimilarInput,
    SimilarOutput,
)
from serving.holder import ModelHolder

router = APIRouter(prefix="/ml", tags=["ml service"])


def _holder(request: Request) -> ModelHolder:
    return request.app.state.model_holder


def _no_model(error: engine.NoModel) -> HTTPException:
    return HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=f"no champion of {error} is loaded")


@router.post("/recommend", response_model=RecommendOutput)
def recommend(body: RecommendInput, request: Request) -> RecommendOutput:
    try:
        return engine.recommend(_holder(request), body)
    except engine.NoModel as error:
        raise _no_model(error) from error


@router.post("/similar", response_model=SimilarOutput)
def similar(body: SimilarInput, request: Request) -> SimilarOutput:
    try:
        return engine.similar(_holder(request), body)
    except engine.NoModel as error:
        raise _no_model(error) from error


@router.post("/progression", response_model=ProgressionOutput)
def progression(body: ProgressionInput, request: Request) -> ProgressionOutput:
    return engine.progression(_holder(request), body)


@router.post("/moderation/text", response_model=ModerateOutput)
def moderate(body: ModerateInput, request: Request) -> ModerateOutput:
    """Judge texts before others see them: allow, hold for a moderator, or reject, with each
    label's score and the model version (the rules answer while no model is registered)."""
    return engine.moderate(_holder(request), body, request.app.state.reviewer)


@router.get("/analytics/{report}", response_model=AnalyticsOutput)
def analytics(
    report: Literal["daily-active", "retention", "recommendation-acceptance", "moderation"],
    request: Request,
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
    population: Literal["all", "real", "synthetic"] = "all",
) -> AnalyticsOutput:
    """A report from the dbt marts (409 while its mart is not built)."""
    try:
        return request.app.state.analytics.report(report, days, population)
    except NotBuilt as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error


@router.get("/models", response_model=ModelsOutput)
def models(request: Request) -> ModelsOutput:
    return engine.models(_holder(request))


@router.post("/models/reload", response_model=ModelsOutput)
def reload(request: Request) -> ModelsOutput:
    _holder(request).refresh()
    return engine.models(_holder(request))
