from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import AwareDatetime

from api.deps import AnalyticsDep, CurrentUser, MlDep, PageDep, SessionDep, UnitsDep
from api.enums import WorkoutStatus
from api.moderation.text import judge
from api.recommendations.cache import invalidate_after_change
from api.schemas import Page, PathId
from api.workouts import service
from api.workouts.schemas import SetIn, SetOut, SetUpdate, WorkoutCreate, WorkoutExerciseIn, WorkoutOut, WorkoutSummary, WorkoutUpdate

# Any change to a workout retires the person's cached recommendations.
router = APIRouter(prefix="/workouts", tags=["workouts"], dependencies=[Depends(invalidate_after_change)])

DateFrom = Annotated[AwareDatetime | None, Query(alias="from", description="inclusive, on the start (else planned) time")]
DateTo = Annotated[AwareDatetime | None, Query(alias="to", description="exclusive, on the start (else planned) time")]


@router.get("", response_model=Page[WorkoutSummary])
def list_workouts(
    user: CurrentUser,
    session: SessionDep,
    units: UnitsDep,
    page: PageDep,
    status_filter: Annotated[WorkoutStatus | None, Query(alias="status")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    include: Annotated[Literal["sets"] | None, Query(description="sets: each workout with its exercises and sets (to keep a history offline)")] = None,
) -> Page[WorkoutSummary]:
    """Newest first, each with its totals and how many exercises and sets it has."""
    with_sets = include == "sets"
    rows, total = service.list_workouts(
        session, user.id, status_filter=status_filter, date_from=date_from, date_to=date_to, limit=page.limit, offset=page.offset,
        counted=not with_sets,
    )
    items = service.workouts_out(session, rows, units) if with_sets else service.workout_summaries(rows, units)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post(
    "",
    response_model=WorkoutOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "a workout with this client_id was uploaded before; it is returned unchanged"}},
)
def create_workout(
    data: WorkoutCreate, user: CurrentUser, session: SessionDep, units: UnitsDep, ml: MlDep, analytics: AnalyticsDep, response: Response
) -> WorkoutOut:
    """Its name, description and notes pass through moderation: others see them once allowed
    (text_moderation), the workout itself is always stored."""
    judged = judge(ml, data.name, data.description, data.notes)
    workout, created = service.create_workout(session, user, data, units, judged)
    if not created:
        response.status_code = status.HTTP_200_OK
    else:
        analytics.capture(user.id, "workout_logged", status=workout.status.value, exercises=workout.exercise_count, sets=workout.set_count,
                          from_routine=workout.routine_id is not None, offline_upload=data.client_id is not None)
    return workout


@router.get("/{workout_id}", response_model=WorkoutOut)
def get_workout(workout_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    return service.workout_out(service.get_own(session, user, workout_id), units)


@router.patch("/{workout_id}", response_model=WorkoutOut)
def update_workout(workout_id: PathId, data: WorkoutUpdate, user: CurrentUser, session: SessionDep, units: UnitsDep, ml: MlDep) -> WorkoutOut:
    return service.workout_out(service.update_workout(session, user, workout_id, data, ml), units)


@router.delete("/{workout_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_workout(workout_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.delete_workout(session, user, workout_id)


@router.post("/{workout_id}/start", response_model=WorkoutOut)
def start_workout(workout_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    """scheduled → in_progress (409 from any other status)."""
    return service.workout_out(service.transition(session, user, workout_id, "start"), units)


@router.post("/{workout_id}/complete", response_model=WorkoutOut)
def complete_workout(workout_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    """in_progress → completed; computes duration, volume, distance and calories."""
    return service.workout_out(service.transition(session, user, workout_id, "complete"), units)


@router.post("/{workout_id}/cancel", response_model=WorkoutOut)
def cancel_workout(workout_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    """scheduled or in_progress → cancelled."""
    return service.workout_out(service.transition(session, user, workout_id, "cancel"), units)


@router.post("/{workout_id}/exercises", response_model=WorkoutOut, status_code=status.HTTP_201_CREATED)
def add_exercise(workout_id: PathId, data: WorkoutExerciseIn, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    return service.workout_out(service.add_exercise(session, user, workout_id, data, units), units)


@router.delete("/{workout_id}/exercises/{workout_exercise_id}", response_model=WorkoutOut)
def remove_exercise(workout_id: PathId, workout_exercise_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    return service.workout_out(service.remove_exercise(session, user, workout_id, workout_exercise_id), units)


@router.post("/{workout_id}/exercises/{workout_exercise_id}/sets", response_model=SetOut, status_code=status.HTTP_201_CREATED)
def log_set(workout_id: PathId, workout_exercise_id: PathId, data: SetIn, user: CurrentUser, session: SessionDep, units: UnitsDep) -> SetOut:
    return service.set_out(service.log_set(session, user, workout_id, workout_exercise_id, data, units), units)


@router.patch("/{workout_id}/sets/{set_id}", response_model=SetOut)
def update_set(workout_id: PathId, set_id: PathId, data: SetUpdate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> SetOut:
    return service.set_out(service.update_set(session, user, workout_id, set_id, data, units), units)


@router.delete("/{workout_id}/sets/{set_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_set(workout_id: PathId, set_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.delete_set(session, user, workout_id, set_id)
