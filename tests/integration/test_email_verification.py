"""Email verification through the outbox: the log sender by default, and a real SMTP server
(aiosmtpd on localhost) when SMTP_HOST is set."""

import logging
import re
from email import message_from_bytes
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from conftest import TEST_SECRET, free_port, make_settings
from sqlalchemy import select, text

from api.core.mail import deliver_pending
from api.core.security import create_email_token
from api.models import EmailOutbox


def _mails(db, user_id):
    db.expire_all()
    return db.scalars(select(EmailOutbox).where(EmailOutbox.user_id == user_id).order_by(EmailOutbox.id)).all()


def _token(body: str) -> str:
    link = re.search(r"https?://\S+/verify-email\?\S+", body).group(0)
    return parse_qs(urlsplit(link).query)["token"][0]


def test_sign_up_mails_a_link_that_verifies_the_address(make_user, client, db, caplog):
    with caplog.at_level(logging.INFO, logger="pulse.mail"):
        person = make_user("newcomer")
    assert person.get("/users/me").json()["is_verified"] is False
    [mail] = _mails(db, person.id)
    # Sent after the answer (no SMTP_HOST: to the log), once.
    assert mail.sent_at is not None and mail.attempts == 1 and mail.to_address == person.email
    assert any(person.email in r.getMessage() and "/verify-email?token=" in r.getMessage() for r in caplog.records)

    token = _token(mail.body)
    verified = client.post("/auth/verify-email", json={"token": token})
    assert verified.status_code == 200 and verified.json()["is_verified"] is True
    assert client.post("/auth/verify-email", json={"token": token}).status_code == 200  # a second click is harmless
    assert person.post("/auth/verify-email/resend").status_code == 409

    # A new address is unproven: a new link goes to it, and the old one no longer works.
    changed = person.patch("/users/me", json={"email": f"moved_{person.username}@pulse.test"})
    assert changed.status_code == 200 and changed.json()["is_verified"] is False
    first, second = _mails(db, person.id)
    assert second.to_address == f"moved_{person.username}@pulse.test" and second.sent_at is not None
    assert client.post("/auth/verify-email", json={"token": token}).json()["detail"][0]["loc"] == ["body", "token"]
    assert client.post("/auth/verify-email", json={"token": _token(second.body)}).json()["is_verified"] is True
    # The same address typed again (another case) is no change and needs no new proof.
    assert person.patch("/users/me", json={"email": second.to_address.upper()}).json()["is_verified"] is True
    assert len(_mails(db, person.id)) == 2


def test_resend_and_bad_tokens(make_user, client, db):
    person = make_user("forgetful")
    accepted = person.post("/auth/verify-email/resend")
    assert accepted.status_code == 202 and accepted.json() == {"sent_to": person.email}
    assert len(_mails(db, person.id)) == 2
    for token in ("", "not-a-token", "x\x00y", create_email_token(person.id, person.email, "another-secret-key-of-32-characters", 1),
                  create_email_token(person.id, person.email, TEST_SECRET, -1), create_email_token(2**63, person.email, TEST_SECRET, 1)):
        response = client.post("/auth/verify-email", json={"token": token})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "token"], (token, response.text)
    # An access token is not a verification token.
    access = person.headers["Authorization"].split()[1]
    assert client.post("/auth/verify-email", json={"token": access}).status_code == 422
    assert person.get("/users/me").json()["is_verified"] is False


class _Inbox:
    """aiosmtpd handler: keeps what arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_mail_goes_through_smtp_when_configured_and_waits_while_the_server_is_down(make_user, app, db, smtp_server):
    controller, inbox = smtp_server
    person = make_user("smtp_person")  # the app's own delivery logged it
    db.execute(text("UPDATE app.email_outbox SET sent_at = NULL, attempts = 0 WHERE user_id = :id"), {"id": person.id})
    db.commit()

    down = make_settings(secret_key=TEST_SECRET, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)
    assert deliver_pending(app.state.sessionmaker, down) == 0
    [mail] = _mails(db, person.id)
    assert mail.sent_at is None and mail.attempts == 1 and "Connection" in mail.last_error

    up = make_settings(secret_key=TEST_SECRET, smtp_host="127.0.0.1", smtp_port=controller.port, smtp_starttls=False,
                       mail_from="Pulse <hello@pulse.test>")
    assert deliver_pending(app.state.sessionmaker, up) == 1
    assert deliver_pending(app.state.sessionmaker, up) == 0  # sent once
    [(recipients, message)] = inbox.messages
    assert recipients == [person.email] and message["From"] == "Pulse <hello@pulse.test>"
    assert message["Subject"] == "Confirm your email for Pulse Fitness"
    assert "/verify-email?token=" in message.get_payload()
    assert _mails(db, person.id)[0].sent_at is not None
