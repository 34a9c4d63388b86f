"""Blocking: no friendship, no requests, and neither person sees the other anywhere."""

from fastapi import HTTPException, status
from sqlalchemy import and_, delete, or_, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from api.models import AccountabilityPartner, Friendship, User, UserBlock
from api.schemas import invalid


def hidden_from(user_id: int) -> Select:
    """The ids of everyone `user_id` blocked or was blocked by: to leave out of anything shown."""
    return union(
        select(UserBlock.blocked_id).where(UserBlock.blocker_id == user_id),
        select(UserBlock.blocker_id).where(UserBlock.blocked_id == user_id),
    )


def blocked_between(session: Session, a: int, b: int) -> bool:
    pair = or_(and_(UserBlock.blocker_id == a, UserBlock.blocked_id == b), and_(UserBlock.blocker_id == b, UserBlock.blocked_id == a))
    return session.scalar(select(UserBlock.id).where(pair).limit(1)) is not None


def has_blocked(session: Session, blocker_id: int, blocked_id: int) -> bool:
    return session.scalar(select(UserBlock.id).where(UserBlock.blocker_id == blocker_id, UserBlock.blocked_id == blocked_id)) is not None


def list_blocks(session: Session, user: User) -> list[UserBlock]:
    return list(session.scalars(select(UserBlock).where(UserBlock.blocker_id == user.id).order_by(UserBlock.created_at.desc(), UserBlock.id.desc())))


def block(session: Session, user: User, user_id: int) -> tuple[UserBlock, bool]:
    """The block and whether it is new (blocking twice changes nothing)."""
    if user_id == user.id:
        raise invalid("user_id", "you cannot block yourself")
    target = session.get(User, user_id)
    # Someone who already blocked you may still be blocked back: the block is yours to keep.
    if target is None or not target.is_active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="user not found")
    existing = session.scalar(select(UserBlock).where(UserBlock.blocker_id == user.id, UserBlock.blocked_id == target.id))
    if existing is not None:
        return existing, False
    # A partnership needs a friendship: both end.
    for pairing in (Friendship, AccountabilityPartner):
        session.execute(delete(pairing).where(pairing.between(user.id, target.id)))
    row = UserBlock(blocker_id=user.id, blocked_id=target.id, is_synthetic=user.is_synthetic or target.is_synthetic)
    session.add(row)
    session.commit()
    return row, True


def unblock(session: Session, user: User, user_id: int) -> None:
    deleted = session.execute(delete(UserBlock).where(UserBlock.blocker_id == user.id, UserBlock.blocked_id == user_id)).rowcount
    if not deleted:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"you have not blocked user {user_id}")
    session.commit()
