"""Routines: templates to start workouts from (like Strong's and Hevy's)."""

from fastapi import APIRouter, Depends, Response, status

from api.deps import CurrentUser, SessionDep, UnitsDep
from api.recommendations.cache import invalidate_after_change
from api.routines import service
from api.routines.schemas import FromWorkout, RoutineCreate, RoutineOut, RoutineUpdate
from api.schemas import PathId
from api.workouts.schemas import WorkoutOut
from api.workouts.service import workout_out

router = APIRouter(prefix="/routines", tags=["routines"])


@router.get("", response_model=list[RoutineOut])
def list_routines(user: CurrentUser, session: SessionDep, units: UnitsDep) -> list[RoutineOut]:
    """Your routines by name, each with how often and when you last did it."""
    return [service.routine_out(session, r, units) for r in service.list_routines(session, user)]


@router.post("", response_model=RoutineOut, status_code=status.HTTP_201_CREATED, responses={409: {"description": "you have a routine of that name"}})
def create_routine(data: RoutineCreate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> RoutineOut:
    return service.routine_out(session, service.create_routine(session, user, data, units), units)


@router.post("/from-workout/{workout_id}", response_model=RoutineOut, status_code=status.HTTP_201_CREATED)
def from_workout(workout_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep, data: FromWorkout | None = None) -> RoutineOut:
    """A routine with a workout's exercises; targets from what was done (working sets, the reps of
    the last one, the heaviest weight)."""
    routine = service.from_workout(session, user, workout_id, data.name if data else None)
    return service.routine_out(session, routine, units)


@router.get("/{routine_id}", response_model=RoutineOut)
def get_routine(routine_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> RoutineOut:
    return service.routine_out(session, service.get_own(session, user, routine_id), units)


@router.patch("/{routine_id}", response_model=RoutineOut)
def update_routine(routine_id: PathId, data: RoutineUpdate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> RoutineOut:
    return service.routine_out(session, service.update_routine(session, user, routine_id, data, units), units)


@router.delete("/{routine_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_routine(routine_id: PathId, user: CurrentUser, session: SessionDep) -> Response:
    """Delete a routine; the workouts done from it stay."""
    service.delete_routine(session, user, routine_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{routine_id}/start", response_model=WorkoutOut, status_code=status.HTTP_201_CREATED, dependencies=[Depends(invalidate_after_change)])
def start(routine_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> WorkoutOut:
    """Start a workout from the routine: in progress, with its exercises and targets."""
    return workout_out(service.start(session, user, routine_id), units)
