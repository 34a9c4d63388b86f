"""The ML service's own endpoints (under /ml): the API calls them over HTTP when ML_SERVICE_URL
is set; inside the API process the same functions (serving.engine) are called directly.
They take already-authorised inputs, so the service listens on a private interface only."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status

from serving import engine
from serving.contract import (
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


@router.get("/models", response_model=ModelsOutput)
def models(request: Request) -> ModelsOutput:
    return engine.models(_holder(request))


@router.post("/models/reload", response_model=ModelsOutput)
def reload(request: Request) -> ModelsOutput:
    _holder(request).refresh()
    return engine.models(_holder(request))
