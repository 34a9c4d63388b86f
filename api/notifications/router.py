"""The notification inbox, and the browsers Web Push delivers it to."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import delete, select

from api.accountability.reminders import make_reminders
from api.deps import CurrentUser, PageDep, SessionDep, SettingsDep
from api.models import Notification, PushSubscription
from api.notifications import service
from api.schemas import Page, PathId, StrictModel, WebAddress

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    id: int
    kind: str = Field(description="friend_request, friend_accepted, partner_request, partner_accepted, nudge, reaction, comment, "
                                  "goal_achieved, goal_at_risk, streak_at_risk, weekly_checkin, challenge_invite, moderation")
    title: str
    body: str
    actor_id: int | None
    data: dict[str, Any]
    read: bool
    created_at: datetime


class Inbox(Page[NotificationOut]):
    unread: int


def _out(n: Notification) -> NotificationOut:
    return NotificationOut(id=n.id, kind=n.kind, title=n.title, body=n.body, actor_id=n.actor_id, data=n.data,
                           read=n.read_at is not None, created_at=n.created_at)


@router.get("/notifications", response_model=Inbox)
def inbox(user: CurrentUser, session: SessionDep, page: PageDep, unread: Annotated[bool, Query(description="only unread ones")] = False) -> Inbox:
    """Your inbox, newest first. Opening it also adds the reminders due (goal or streak at risk,
    the partners' weekly check-in), each once."""
    make_reminders(session, user, datetime.now(UTC))
    rows, total = service.inbox(session, user.id, unread, page.limit, page.offset)
    return Inbox(items=[_out(n) for n in rows], total=total, limit=page.limit, offset=page.offset, unread=service.unread_count(session, user.id))


@router.post("/notifications/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def mark_read(notification_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    if session.scalar(select(Notification.id).where(Notification.id == notification_id, Notification.user_id == user.id)) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"notification {notification_id} not found")
    service.mark_read(session, user.id, notification_id)


@router.post("/notifications/read-all")
def mark_all_read(user: CurrentUser, session: SessionDep) -> dict:
    return {"marked": service.mark_read(session, user.id, None)}


class PushKey(BaseModel):
    enabled: bool
    public_key: str | None = Field(description="the VAPID application server key for PushManager.subscribe")


class PushKeys(StrictModel):
    p256dh: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_-]+=*$")]
    auth: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+=*$")]


class PushSubscriptionIn(StrictModel):
    """What the browser's PushSubscription.toJSON() gives."""

    endpoint: WebAddress
    keys: PushKeys
    expirationTime: int | None = None  # noqa: N815 (the browser's name)


@router.get("/push/key", response_model=PushKey)
def push_key(settings: SettingsDep) -> PushKey:
    return PushKey(enabled=bool(settings.vapid_private_key and settings.vapid_public_key), public_key=settings.vapid_public_key)


@router.post("/push/subscriptions", status_code=status.HTTP_201_CREATED)
def subscribe(data: PushSubscriptionIn, user: CurrentUser, session: SessionDep, response: Response) -> dict:
    """Register this browser for push notifications (again: changes nothing)."""
    existing = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == data.endpoint))
    if existing is not None and existing.user_id == user.id:
        response.status_code = status.HTTP_200_OK
        return {"status": "subscribed"}
    if existing is not None:  # the browser now belongs to someone else signed in on it
        session.delete(existing)
        session.flush()
    session.add(PushSubscription(user_id=user.id, endpoint=data.endpoint, p256dh=data.keys.p256dh, auth=data.keys.auth,
                                 is_synthetic=user.is_synthetic))
    session.commit()
    return {"status": "subscribed"}


class PushUnsubscribe(StrictModel):
    endpoint: WebAddress


@router.post("/push/unsubscribe", status_code=status.HTTP_204_NO_CONTENT)
def unsubscribe(data: PushUnsubscribe, user: CurrentUser, session: SessionDep) -> None:
    session.execute(delete(PushSubscription).where(PushSubscription.endpoint == data.endpoint, PushSubscription.user_id == user.id))
    session.commit()
