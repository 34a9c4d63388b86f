"""The notification inbox: what others did that concerns the person (friend and partner
requests, nudges, kudos, comments, challenge invitations) and reminders (goal achieved or at
risk, streak at risk, the partners' weekly check-in)."""

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from api.core.db import fetch_page
from api.models import Notification


def notify(
    session: Session, user_id: int, kind: str, title: str, body: str = "", *, actor_id: int | None = None,
    data: dict | None = None, dedupe_key: str | None = None, synthetic: bool = False,
) -> bool:
    """Add an item to `user_id`'s inbox (the caller commits); False when one with the same
    `dedupe_key` is there already (a reminder made once per period)."""
    table = Notification.__table__
    statement = insert(table).values(
        user_id=user_id, kind=kind, title=title[:200], body=body, actor_id=actor_id, data=data or {}, dedupe_key=dedupe_key,
        is_synthetic=synthetic,
    )
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"])
    return session.execute(statement.returning(table.c.id)).scalar() is not None


def inbox(session: Session, user_id: int, unread_only: bool, limit: int, offset: int) -> tuple[list[Notification], int]:
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return fetch_page(session, query.order_by(Notification.created_at.desc(), Notification.id.desc()), limit, offset)


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)))


def mark_read(session: Session, user_id: int, notification_id: int | None) -> int:
    """One item (by id) or all of them; how many changed."""
    statement = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=datetime.now(UTC))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    changed = session.execute(statement).rowcount
    session.commit()
    return changed
