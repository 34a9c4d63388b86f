"""Mail from the app (email verification): queued in the outbox table by the transaction that
calls for it, delivered after that transaction commits.

Without SMTP_HOST the message is written to the log (`pulse.mail`), which is how a developer or
`make demo` reads a verification link; with it, smtplib sends it (STARTTLS unless turned off).
"""

import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

from fastapi import BackgroundTasks, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.models import EmailOutbox, User
from pulse.settings import Settings

log = logging.getLogger("pulse.mail")
# A message that failed this often is left for a person to look at (last_error says why).
MAX_ATTEMPTS = 5
BATCH = 50
SMTP_TIMEOUT_S = 10


def queue_mail(session: Session, user: User, kind: str, subject: str, body: str) -> EmailOutbox:
    """Add a message for `user` to the outbox; it goes out once the caller commits."""
    message = EmailOutbox(user_id=user.id, kind=kind, to_address=user.email, subject=subject, body=body, is_synthetic=user.is_synthetic)
    session.add(message)
    return message


def _send(settings: Settings, message: EmailOutbox) -> None:
    if not settings.smtp_host:
        log.info("mail to %s: %s\n%s", message.to_address, message.subject, message.body,
                 extra={"mail_kind": message.kind, "to": message.to_address})
        return
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = settings.mail_from, message.to_address, message.subject
    mail.set_content(message.body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(mail)


def deliver_pending(make_session: sessionmaker, settings: Settings) -> int:
    """Send what waits in the outbox; how many went. Rows are locked while sent (SKIP LOCKED), so
    two workers delivering at once never send one message twice."""
    sent, after_id = 0, 0
    with make_session() as session:
        while True:
            # Each message is tried once per call: a failed one waits for the next delivery.
            batch = session.scalars(
                select(EmailOutbox)
                .where(EmailOutbox.sent_at.is_(None), EmailOutbox.attempts < MAX_ATTEMPTS, EmailOutbox.id > after_id)
                .order_by(EmailOutbox.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            ).all()
            if not batch:
                return sent
            after_id = batch[-1].id
            for message in batch:
                message.attempts += 1
                try:
                    _send(settings, message)
                except (OSError, smtplib.SMTPException) as error:
                    message.last_error = f"{type(error).__name__}: {error}"[:1000]
                    log.warning("mail %s to %s not sent: %s", message.id, message.to_address, message.last_error)
                else:
                    message.sent_at = datetime.now(UTC)
                    sent += 1
            session.commit()


def deliver_after_response(background: BackgroundTasks, request: Request, settings: Settings) -> None:
    """For a route that queued mail: deliver once the answer is sent, so a slow mail server
    never holds up the person."""
    background.add_task(deliver_pending, request.app.state.sessionmaker, settings)
