from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request, status

from api.blocks.service import blocked_between
from api.core.mail import deliver_after_response
from api.deps import CurrentUser, MlDep, SessionDep, SettingsDep
from api.models import User
from api.recommendations.cache import invalidate_after_change
from api.schemas import PathId, StorableText
from api.users import service
from api.users.schemas import PublicProfile, UserOut, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserOut)
def read_me(user: CurrentUser) -> UserOut:
    return service.user_out(user)


# Equipment, goal and level change what may be recommended: cached answers are retired.
@router.patch("/me", response_model=UserOut, dependencies=[Depends(invalidate_after_change)])
def update_me(
    data: UserUpdate, user: CurrentUser, session: SessionDep, settings: SettingsDep, ml: MlDep, background: BackgroundTasks, request: Request
) -> UserOut:
    """A new email address is unverified until the link mailed to it is opened; a bio passes
    moderation before others see it."""
    out = service.user_out(service.update_user(session, user, data, settings, ml))
    deliver_after_response(background, request, settings)
    return out


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep) -> None:
    service.delete_user(session, user)


@router.get("/search", response_model=list[PublicProfile])
def search(
    viewer: CurrentUser,
    session: SessionDep,
    q: Annotated[StorableText, Query(min_length=2, max_length=40, description="part of a username")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[PublicProfile]:
    """People who chose to be discoverable and verified their email, by username (exact match
    first, then names starting with it, then names containing it). No follower lists needed."""
    return [PublicProfile.of(u) for u in service.search(session, viewer, q, limit)]


@router.get("/{user_id}", response_model=PublicProfile)
def read_profile(user_id: PathId, viewer: CurrentUser, session: SessionDep) -> PublicProfile:
    user = session.get(User, user_id)
    if user is None or not user.is_active or blocked_between(session, viewer.id, user.id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="user not found")
    return PublicProfile.of(user)
