"""Friendships, the friends' activity feed, and viewing other people's workouts and stats
within what their privacy settings allow."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from api.community.service import social_counts
from api.deps import CurrentUser, PageDep, SessionDep, UnitsDep
from api.enums import FriendshipStatus, WorkoutStatus
from api.friends import service
from api.friends.schemas import FriendOut, FriendRequest, FriendshipOut
from api.moderation.text import as_others_see_it
from api.notifications.push import push_after_response
from api.schemas import Page, PathId
from api.stats.schemas import StatOut
from api.stats.service import list_stats, stat_out
from api.workouts.schemas import WorkoutOut
from api.workouts.service import list_workouts, workouts_out

router = APIRouter(tags=["friends"], dependencies=[Depends(push_after_response)])


class FeedItem(BaseModel):
    friend: FriendOut
    workout: WorkoutOut
    kudos: int
    comments: int = Field(description="comments you can see")
    gave_kudos: bool = Field(description="you gave this workout kudos")


@router.get("/friendships", response_model=list[FriendshipOut])
def list_friendships(
    user: CurrentUser, session: SessionDep, status_filter: Annotated[FriendshipStatus | None, Query(alias="status")] = None
) -> list[FriendshipOut]:
    return [service.friendship_out(f, user) for f in service.list_friendships(session, user, status_filter)]


@router.post("/friendships", response_model=FriendshipOut, status_code=status.HTTP_201_CREATED)
def request_friendship(data: FriendRequest, user: CurrentUser, session: SessionDep) -> FriendshipOut:
    return service.friendship_out(service.request_friendship(session, user, data), user)


@router.post("/friendships/{friendship_id}/accept", response_model=FriendshipOut)
def accept(friendship_id: PathId, user: CurrentUser, session: SessionDep) -> FriendshipOut:
    return service.friendship_out(service.respond(session, user, friendship_id, accept=True), user)


@router.post("/friendships/{friendship_id}/decline", response_model=FriendshipOut)
def decline(friendship_id: PathId, user: CurrentUser, session: SessionDep) -> FriendshipOut:
    return service.friendship_out(service.respond(session, user, friendship_id, accept=False), user)


@router.delete("/friendships/{friendship_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove(friendship_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.remove(session, user, friendship_id)


@router.get("/feed", response_model=Page[FeedItem])
def feed(user: CurrentUser, session: SessionDep, units: UnitsDep, page: PageDep) -> Page[FeedItem]:
    rows, total = service.feed(session, user, page.limit, page.offset)
    workouts = workouts_out(session, [w for w, _ in rows], units)
    counts = social_counts(session, user, [w.id for w, _ in rows])
    items = [
        FeedItem(friend=FriendOut(id=w.user_id, username=name), workout=as_others_see_it(out, w.text_moderation),
                 kudos=counts[w.id][0], comments=counts[w.id][1], gave_kudos=counts[w.id][2])
        for (w, name), out in zip(rows, workouts, strict=True)
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/users/{user_id}/workouts", response_model=Page[WorkoutOut])
def user_workouts(user_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep, page: PageDep) -> Page[WorkoutOut]:
    """Another person's completed workouts, if their workout visibility lets you see them."""
    owner = service.get_visible_owner(session, user, user_id, "workout")
    rows, total = list_workouts(
        session, owner.id, status_filter=WorkoutStatus.completed, date_from=None, date_to=None, limit=page.limit, offset=page.offset
    )
    shown = [out if owner.id == user.id else as_others_see_it(out, w.text_moderation)
             for w, out in zip(rows, workouts_out(session, rows, units), strict=True)]
    return Page(items=shown, total=total, limit=page.limit, offset=page.offset)


@router.get("/users/{user_id}/stats", response_model=Page[StatOut])
def user_stats(user_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep, page: PageDep) -> Page[StatOut]:
    """Another person's body stats, if their stats visibility lets you see them."""
    owner = service.get_visible_owner(session, user, user_id, "stats")
    rows, total = list_stats(session, owner.id, None, None, page.limit, page.offset)
    return Page(items=[stat_out(s, units) for s in rows], total=total, limit=page.limit, offset=page.offset)
