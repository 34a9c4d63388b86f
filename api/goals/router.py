from fastapi import APIRouter, status

from api.deps import CurrentUser, SessionDep, UnitsDep
from api.goals import service
from api.goals.schemas import GoalCreate, GoalOut, GoalUpdate
from api.schemas import PathId

router = APIRouter(prefix="/goals", tags=["goals"])


@router.get("", response_model=list[GoalOut])
def list_goals(user: CurrentUser, session: SessionDep, units: UnitsDep) -> list[GoalOut]:
    return [service.goal_out(g, units) for g in service.list_goals(session, user)]


@router.post("", response_model=GoalOut, status_code=status.HTTP_201_CREATED)
def create_goal(data: GoalCreate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> GoalOut:
    return service.goal_out(service.create_goal(session, user, data, units), units)


@router.get("/{goal_id}", response_model=GoalOut)
def get_goal(goal_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> GoalOut:
    service.refresh_goals(session, user)
    session.commit()
    return service.goal_out(service.get_own(session, user, goal_id), units)


@router.patch("/{goal_id}", response_model=GoalOut)
def update_goal(goal_id: PathId, data: GoalUpdate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> GoalOut:
    return service.goal_out(service.update_goal(session, user, goal_id, data, units), units)


@router.delete("/{goal_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_goal(goal_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.delete_goal(session, user, goal_id)
