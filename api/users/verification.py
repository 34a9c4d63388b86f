"""Email verification: a signed link mailed to the address, opened in the app."""

from urllib.parse import urlencode

from fastapi import HTTPException, status
from sqlalchemy.orm import Session

from api.core.mail import queue_mail
from api.core.security import create_email_token, decode_email_token
from api.models import User
from api.schemas import invalid
from pulse.settings import Settings

LINK_VALID_HOURS = 48


def send_verification(session: Session, user: User, settings: Settings) -> None:
    """Queue the verification mail for the account's current address (the caller commits)."""
    token = create_email_token(user.id, user.email, settings.secret_key, LINK_VALID_HOURS)
    link = f"{settings.public_url.rstrip('/')}/verify-email?{urlencode({'token': token})}"
    body = (
        f"Hi {user.username},\n\nconfirm that this is your address by opening\n\n{link}\n\n"
        f"The link works for {LINK_VALID_HOURS} hours. If you did not sign up for Pulse Fitness, ignore this mail.\n"
    )
    queue_mail(session, user, "verify_email", "Confirm your email for Pulse Fitness", body)


def resend(session: Session, user: User, settings: Settings) -> None:
    if user.is_verified:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"{user.email} is already verified")
    send_verification(session, user, settings)
    session.commit()


def verify(session: Session, token: str, settings: Settings) -> User:
    decoded = decode_email_token(token, settings.secret_key)
    user = session.get(User, decoded[0]) if decoded else None
    # A link for an address the account no longer has proves nothing about the new one.
    if user is None or not user.is_active or user.email.lower() != decoded[1]:
        raise invalid("token", "this link is not valid (expired, or for another address): ask for a new one")
    user.is_verified = True
    session.commit()
    return user
