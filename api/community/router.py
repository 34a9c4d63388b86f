"""Kudos and comments on workouts in the feed (comments pass through moderation first)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from api.community import service
from api.deps import AnalyticsDep, CurrentUser, MlDep, SessionDep
from api.enums import Moderation
from api.friends.schemas import FriendOut
from api.notifications.push import push_after_response
from api.schemas import PathId, StorableText, StrictModel

router = APIRouter(tags=["community"], dependencies=[Depends(push_after_response)])


class CommentIn(StrictModel):
    body: Annotated[StorableText, Field(min_length=1, max_length=1000)]


class CommentOut(BaseModel):
    id: int
    workout_id: int
    author: FriendOut
    body: str
    moderation: Moderation = Field(description="held: only you see it until a moderator allows it")
    created_at: datetime


def _out(comment, username: str) -> CommentOut:
    return CommentOut(id=comment.id, workout_id=comment.workout_id, author=FriendOut(id=comment.user_id, username=username),
                      body=comment.body, moderation=comment.moderation, created_at=comment.created_at)


@router.post("/workouts/{workout_id}/kudos", status_code=status.HTTP_201_CREATED)
def give_kudos(workout_id: PathId, user: CurrentUser, session: SessionDep, analytics: AnalyticsDep, response: Response) -> dict:
    """Kudos on a workout you can see (not your own); again changes nothing (200)."""
    if not service.give_kudos(session, user, workout_id):
        response.status_code = status.HTTP_200_OK
    else:
        analytics.capture(user.id, "kudos_given")
    return {"status": "given"}


@router.delete("/workouts/{workout_id}/kudos", status_code=status.HTTP_204_NO_CONTENT)
def take_back_kudos(workout_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.take_back_kudos(session, user, workout_id)


@router.get("/workouts/{workout_id}/comments", response_model=list[CommentOut])
def list_comments(workout_id: PathId, user: CurrentUser, session: SessionDep) -> list[CommentOut]:
    """Comments on a workout you can see, oldest first: those moderation allowed, and yours."""
    return [_out(c, name) for c, name in service.list_comments(session, user, workout_id)]


@router.post("/workouts/{workout_id}/comments", response_model=CommentOut, status_code=status.HTTP_201_CREATED)
def add_comment(workout_id: PathId, data: CommentIn, user: CurrentUser, session: SessionDep, ml: MlDep, analytics: AnalyticsDep) -> CommentOut:
    """Comment on a workout you can see. The moderation model reads it first: allowed, it shows
    at once; held, only you see it until a moderator decides; rejected, it is not posted (422)."""
    comment = service.add_comment(session, ml, user, workout_id, data.body)
    analytics.capture(user.id, "comment_posted", moderation=comment.moderation.value)
    return _out(comment, user.username)


@router.delete("/comments/{comment_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_comment(comment_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    """Delete your comment, or any comment on your workout."""
    service.delete_comment(session, user, comment_id)
