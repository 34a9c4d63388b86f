"""Web Push: new notifications go to the person's subscribed browsers (the PWA's service worker
shows them), signed with the server's VAPID key. Off unless VAPID_PRIVATE_KEY is set."""

import json
import logging
from datetime import UTC, datetime, timedelta

from fastapi import BackgroundTasks, Request
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, select
from sqlalchemy.orm import sessionmaker

from api.models import Notification, PushSubscription
from pulse.settings import Settings

log = logging.getLogger("pulse.push")
# Older news is not worth a buzz on the phone.
PUSH_WITHIN = timedelta(hours=6)
PUSH_TIMEOUT_S = 10


def deliver_pushes(make_session: sessionmaker, settings: Settings) -> int:
    """Push each recent notification not pushed yet to its person's browsers; how many pushes
    went. A subscription the push service says is gone (404/410) is deleted."""
    if not settings.vapid_private_key:
        return 0
    sent = 0
    with make_session() as session:
        pending = session.scalars(
            select(Notification)
            .where(Notification.pushed_at.is_(None), Notification.created_at > datetime.now(UTC) - PUSH_WITHIN,
                   Notification.user_id.in_(select(PushSubscription.user_id)))
            .order_by(Notification.id)
            .with_for_update(skip_locked=True)
        ).all()
        for note in pending:
            payload = json.dumps({"title": note.title, "body": note.body, "kind": note.kind, "data": note.data, "id": note.id})
            for sub in session.scalars(select(PushSubscription).where(PushSubscription.user_id == note.user_id)):
                try:
                    webpush(
                        {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}, payload,
                        vapid_private_key=settings.vapid_private_key, vapid_claims={"sub": settings.vapid_subject},
                        timeout=PUSH_TIMEOUT_S,
                    )
                    sent += 1
                except WebPushException as error:
                    status = getattr(error.response, "status_code", None)
                    if status in (404, 410):
                        session.execute(delete(PushSubscription).where(PushSubscription.id == sub.id))
                    else:
                        log.warning("push to subscription %s failed: %s", sub.id, error)
                except OSError as error:
                    log.warning("push to subscription %s failed: %s", sub.id, error)
            note.pushed_at = datetime.now(UTC)
        session.commit()
    return sent


async def push_after_response(background: BackgroundTasks, request: Request) -> None:
    """Router dependency: after answering a request that may have notified someone, push."""
    background.add_task(deliver_pushes, request.app.state.sessionmaker, request.app.state.settings)


def new_vapid_keys() -> tuple[str, str]:
    """A VAPID key pair as the settings take it: the private key's raw 32 bytes and the public
    key's uncompressed point (what browsers' PushManager.subscribe wants), both base64url."""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid
    from py_vapid.utils import b64urlencode

    vapid = Vapid()
    vapid.generate_keys()
    private = b64urlencode(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))
    public = b64urlencode(vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
    return private, public
