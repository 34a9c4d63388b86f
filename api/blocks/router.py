"""Blocking people: they and you stop seeing each other, and any friendship ends."""

from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from api.blocks import service
from api.deps import CurrentUser, SessionDep
from api.friends.schemas import FriendOut
from api.models import UserBlock
from api.schemas import Id, PathId, StrictModel

router = APIRouter(prefix="/blocks", tags=["safety"])


class BlockRequest(StrictModel):
    user_id: Id


class BlockOut(BaseModel):
    user: FriendOut
    created_at: datetime


def _out(row: UserBlock) -> BlockOut:
    return BlockOut(user=FriendOut(id=row.blocked.id, username=row.blocked.username), created_at=row.created_at)


@router.get("", response_model=list[BlockOut])
def list_blocks(user: CurrentUser, session: SessionDep) -> list[BlockOut]:
    """The people you blocked, most recent first."""
    return [_out(row) for row in service.list_blocks(session, user)]


@router.post("", response_model=BlockOut, status_code=status.HTTP_201_CREATED)
def block(data: BlockRequest, user: CurrentUser, session: SessionDep, response: Response) -> BlockOut:
    """Block someone: a friendship or request between you ends, neither of you sees the other's
    profile, workouts, stats or activity, and they cannot send you requests. They are not told."""
    row, created = service.block(session, user, data.user_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _out(row)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def unblock(user_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.unblock(session, user, user_id)
