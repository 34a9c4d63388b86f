"""Accountability partners: two friends who agree to see each other's weekly target progress
(only that, unless their privacy settings show more anyway) and may nudge each other."""

from datetime import datetime

from fastapi import HTTPException, status
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from api.accountability.streaks import streak
from api.blocks.service import blocked_between
from api.enums import FriendshipStatus
from api.friends.service import answer, are_friends
from api.friends.service import get_involving as get_pair_request
from api.models import AccountabilityPartner, User
from api.notifications.service import notify
from api.schemas import invalid


def other(p: AccountabilityPartner, me: User) -> User:
    return p.addressee if p.requester_id == me.id else p.requester


def list_partners(session: Session, user: User) -> list[AccountabilityPartner]:
    query = select(AccountabilityPartner).where(
        or_(AccountabilityPartner.requester_id == user.id, AccountabilityPartner.addressee_id == user.id),
        AccountabilityPartner.status != FriendshipStatus.declined,
    )
    return list(session.scalars(query.order_by(AccountabilityPartner.created_at.desc(), AccountabilityPartner.id.desc())))


def accepted_partners(session: Session, user: User) -> list[AccountabilityPartner]:
    return [p for p in list_partners(session, user) if p.status == FriendshipStatus.accepted]


def ask(session: Session, user: User, partner_id: int) -> AccountabilityPartner:
    if partner_id == user.id:
        raise invalid("user_id", "you cannot be your own accountability partner")
    target = session.get(User, partner_id)
    # Partners are chosen among friends (a block ended any friendship).
    if target is None or not target.is_active or not are_friends(session, user.id, partner_id) or blocked_between(session, user.id, partner_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no friend {partner_id}: partners are chosen among your friends")
    existing = session.scalar(select(AccountabilityPartner).where(AccountabilityPartner.between(user.id, partner_id)))
    if existing is not None and existing.status != FriendshipStatus.declined:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"a partnership with them is already {existing.status.value}")
    if existing is None:
        existing = AccountabilityPartner(is_synthetic=user.is_synthetic or target.is_synthetic)
        session.add(existing)
    existing.requester_id, existing.addressee_id = user.id, target.id
    existing.status, existing.responded_at = FriendshipStatus.pending, None
    session.flush()
    notify(session, target.id, "partner_request", f"{user.username} asks you to be accountability partners",
           "Partners see each other's weekly progress and can nudge each other.", actor_id=user.id,
           data={"partnership_id": existing.id}, synthetic=existing.is_synthetic)
    session.commit()
    return existing


def get_involving(session: Session, user: User, partnership_id: int, lock: bool = False) -> AccountabilityPartner:
    """A partnership of `user`'s; a declined one is gone for both (404)."""
    p = get_pair_request(session, AccountabilityPartner, user, partnership_id, "partnership", lock)
    if p.status == FriendshipStatus.declined:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"partnership {partnership_id} not found")
    return p


def respond(session: Session, user: User, partnership_id: int, accept: bool) -> AccountabilityPartner:
    p = get_involving(session, user, partnership_id, lock=True)
    answer(p, user, accept)
    if accept:
        notify(session, p.requester_id, "partner_accepted", f"{user.username} is now your accountability partner", actor_id=user.id,
               data={"partnership_id": p.id}, synthetic=p.is_synthetic)
    session.commit()
    return p


def end(session: Session, user: User, partnership_id: int) -> None:
    session.delete(get_involving(session, user, partnership_id))
    session.commit()


def nudge(session: Session, user: User, partnership_id: int, now: datetime) -> None:
    """One nudge a day per direction: a second the same day is refused (429)."""
    p = get_involving(session, user, partnership_id)
    if p.status != FriendshipStatus.accepted:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="only an accepted partner can be nudged")
    them = other(p, user)
    progress = streak(session, them, now)
    body = (f"{progress.this_week.sessions} of {progress.target} sessions this week. You've got this!" if progress.target
            else "Time for a session?")
    sent = notify(session, them.id, "nudge", f"{user.username} nudged you", body, actor_id=user.id,
                  data={"partnership_id": p.id}, dedupe_key=f"nudge:{user.id}:{now.date().isoformat()}", synthetic=p.is_synthetic)
    if not sent:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, detail=f"you already nudged {them.username} today")
    session.commit()
