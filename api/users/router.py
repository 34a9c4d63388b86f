from fastapi import APIRouter, Depends, HTTPException, status

from api.deps import CurrentUser, SessionDep
from api.models import User
from api.recommendations.cache import invalidate_after_change
from api.schemas import PathId
from api.users import service
from api.users.schemas import PublicProfile, UserOut, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserOut)
def read_me(user: CurrentUser) -> UserOut:
    return service.user_out(user)


# Equipment, goal and level change what may be recommended: cached answers are retired.
@router.patch("/me", response_model=UserOut, dependencies=[Depends(invalidate_after_change)])
def update_me(data: UserUpdate, user: CurrentUser, session: SessionDep) -> UserOut:
    return service.user_out(service.update_user(session, user, data))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep) -> None:
    service.delete_user(session, user)


@router.get("/{user_id}", response_model=PublicProfile)
def read_profile(user_id: PathId, viewer: CurrentUser, session: SessionDep) -> PublicProfile:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="user not found")
    return PublicProfile.model_validate(user, from_attributes=True)
