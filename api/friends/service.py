"""Friend requests and who may see whose workouts and stats."""

from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, raiseload

from api.blocks.service import blocked_between, has_blocked
from api.core.db import fetch_page
from api.enums import FriendshipStatus, Visibility, WorkoutStatus
from api.friends.schemas import FriendOut, FriendRequest, FriendshipOut
from api.models import Friendship, PairRequest, User, Workout
from api.notifications.service import notify
from api.schemas import invalid


def get_involving(session: Session, model: type[PairRequest], user: User, request_id: int, what: str, lock: bool = False) -> PairRequest:
    """A request (friendship, partnership) `user` is part of; 404 otherwise. `lock`: hold the row
    until the transaction ends, so concurrent answers change it once."""
    query = select(model).where(model.id == request_id)
    if lock:
        query = query.with_for_update(of=model).execution_options(populate_existing=True)
    row = session.scalars(query).first()
    if row is None or user.id not in (row.requester_id, row.addressee_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{what} {request_id} not found")
    return row


def answer(row: PairRequest, user: User, accept: bool) -> None:
    """Accept or decline a pending request addressed to `user` (409 for anything else)."""
    if row.addressee_id != user.id:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="only the person asked can answer")
    if row.status != FriendshipStatus.pending:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"this request is already {row.status.value}")
    row.status = FriendshipStatus.accepted if accept else FriendshipStatus.declined
    row.responded_at = datetime.now(UTC)


def are_friends(session: Session, a: int, b: int) -> bool:
    return session.scalar(select(Friendship.id).where(Friendship.between(a, b), Friendship.status == FriendshipStatus.accepted)) is not None


def can_view(session: Session, viewer: User, owner: User, visibility: Visibility) -> bool:
    if viewer.id == owner.id or visibility == Visibility.public:
        return True
    return visibility == Visibility.friends and are_friends(session, viewer.id, owner.id)


def friend_ids(session: Session, user_id: int) -> list[int]:
    rows = session.execute(
        select(Friendship.requester_id, Friendship.addressee_id).where(
            or_(Friendship.requester_id == user_id, Friendship.addressee_id == user_id),
            Friendship.status == FriendshipStatus.accepted,
        )
    )
    return [b if a == user_id else a for a, b in rows]


def friendship_out(f: Friendship, me: User) -> FriendshipOut:
    outgoing = f.requester_id == me.id
    other = f.addressee if outgoing else f.requester
    return FriendshipOut(
        id=f.id,
        status=f.status,
        direction="outgoing" if outgoing else "incoming",
        friend=FriendOut(id=other.id, username=other.username),
        created_at=f.created_at,
        responded_at=f.responded_at,
    )


def list_friendships(session: Session, user: User, status_filter: FriendshipStatus | None) -> list[Friendship]:
    query = select(Friendship).where(or_(Friendship.requester_id == user.id, Friendship.addressee_id == user.id))
    if status_filter is not None:
        query = query.where(Friendship.status == status_filter)
    return list(session.scalars(query.order_by(Friendship.created_at.desc(), Friendship.id.desc())))


def request_friendship(session: Session, user: User, data: FriendRequest) -> Friendship:
    if data.user_id is not None:
        target = session.get(User, data.user_id)
    else:
        target = session.scalar(select(User).where(func.lower(User.username) == data.username.lower()))
    # Someone who blocked you is not found, as if they did not exist.
    if target is None or not target.is_active or has_blocked(session, target.id, user.id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="user not found")
    if target.id == user.id:
        raise invalid("user_id", "you cannot send a friend request to yourself")
    if has_blocked(session, user.id, target.id):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="you blocked this person: unblock them first")
    existing = session.scalar(select(Friendship).where(Friendship.between(user.id, target.id)))
    if existing is not None:
        if existing.status == FriendshipStatus.accepted:
            raise HTTPException(status.HTTP_409_CONFLICT, detail="you are already friends")
        if existing.status == FriendshipStatus.pending:
            who = "you have" if existing.requester_id == user.id else "they have"
            raise HTTPException(status.HTTP_409_CONFLICT, detail=f"{who} already sent a friend request")
        # A declined request may be asked again, by either side.
        existing.requester_id, existing.addressee_id = user.id, target.id
        existing.status, existing.responded_at = FriendshipStatus.pending, None
        friendship = existing
    else:
        friendship = Friendship(requester_id=user.id, addressee_id=target.id, is_synthetic=user.is_synthetic or target.is_synthetic)
        session.add(friendship)
        session.flush()
    notify(session, target.id, "friend_request", f"{user.username} sent you a friend request", actor_id=user.id,
           data={"friendship_id": friendship.id}, synthetic=friendship.is_synthetic)
    session.commit()
    return friendship


def respond(session: Session, user: User, friendship_id: int, accept: bool) -> Friendship:
    f = get_involving(session, Friendship, user, friendship_id, "friendship", lock=True)
    answer(f, user, accept)
    if accept:
        notify(session, f.requester_id, "friend_accepted", f"{user.username} accepted your friend request", actor_id=user.id,
               data={"friendship_id": f.id}, synthetic=f.is_synthetic)
    session.commit()
    return f


def remove(session: Session, user: User, friendship_id: int) -> None:
    """Unfriend, withdraw a request, or clear a declined one: either side may."""
    session.delete(get_involving(session, Friendship, user, friendship_id, "friendship"))
    session.commit()


def get_visible_owner(session: Session, viewer: User, owner_id: int, what: str) -> User:
    """The person whose `what` (workouts or stats) the viewer may see; 404 whether they do not
    exist or are hidden, so a response never tells which."""
    owner = session.get(User, owner_id)
    visibility = getattr(owner, f"{what}_visibility", None) if owner is not None else None
    if (owner is None or not owner.is_active or not can_view(session, viewer, owner, visibility)
            or blocked_between(session, viewer.id, owner.id)):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no visible {what} for user {owner_id}")
    return owner


def feed(session: Session, user: User, limit: int, offset: int) -> tuple[list[tuple[Workout, str]], int]:
    """Completed workouts of friends who share their workouts with friends (or everyone),
    newest first, each with the friend's username."""
    friends = friend_ids(session, user.id)
    query = (
        select(Workout, User.username)
        .join(User, Workout.user_id == User.id)
        .where(
            Workout.user_id.in_(friends),
            Workout.status == WorkoutStatus.completed,
            User.workout_visibility.in_([Visibility.friends, Visibility.public]),
        )
        .options(raiseload(Workout.exercises))  # read for the whole page at once (workouts_out)
    )
    return fetch_page(session, query.order_by(Workout.completed_at.desc(), Workout.id.desc()), limit, offset)
