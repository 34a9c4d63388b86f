"""The models behind recommendations: what is serving, reloading, and training on demand."""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status
from pydantic import BaseModel

from api.deps import AdminUser, CurrentUser, MlDep, SettingsDep, is_admin
from serving.client import MlUnavailable
from serving.contract import ModelsOutput

router = APIRouter(prefix="/models", tags=["models"])


class TrainingRun(BaseModel):
    run_id: str
    status: str


def _models(call) -> ModelsOutput:
    try:
        return call()
    except MlUnavailable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(error)) from error


@router.get("", response_model=ModelsOutput)
def serving_models(ml: MlDep, user: CurrentUser, settings: SettingsDep) -> ModelsOutput:
    """Each model serving recommendations: its registered version, when it loaded and its metrics.
    Administrators also see the MLflow run and the last error met while checking for a new
    champion; anyone else only that the last check failed."""
    answer = _models(ml.models)
    if is_admin(user, settings.debug):
        return answer
    return ModelsOutput(models=[
        m.model_copy(update={"run_id": None, "last_error": "the last check failed" if m.last_error else None}) for m in answer.models
    ])


@router.post("/reload", response_model=ModelsOutput)
def reload_models(ml: MlDep, user: AdminUser) -> ModelsOutput:
    """Check the champion aliases now (instead of at the next periodic check)."""
    return _models(ml.reload)


@router.post(
    "/train", response_model=TrainingRun, status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"description": "a training run is still running"}},
)
def start_training(request: Request, settings: SettingsDep, user: AdminUser) -> TrainingRun:
    """Start the training job (Dagster job train_recommenders); poll GET /models/train/{run_id}.
    One at a time: training takes the machine's cores for a while."""
    state = request.app.state
    busy = state.training_runs.running()
    if busy is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"training run {busy} is still running")
    run_id = state.training_runs.start(settings, state.app_url, state.warehouse_url)
    return TrainingRun(run_id=run_id, status="STARTING")


@router.get("/train/{run_id}", response_model=TrainingRun)
def training_status(run_id: Annotated[uuid.UUID, Path()], request: Request, settings: SettingsDep, user: AdminUser) -> TrainingRun:
    found = request.app.state.training_runs.status(settings, str(run_id))
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"training run {run_id} not found")
    return TrainingRun(run_id=str(run_id), status=found)
