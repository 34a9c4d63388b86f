"""Registration and login (OAuth2 password flow; the token is a JWT bearer token)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from api.core.mail import deliver_after_response
from api.core.security import create_access_token, verify_password
from api.deps import AnalyticsDep, CurrentUser, MlDep, RateLimiterDep, SessionDep, SettingsDep
from api.schemas import StorableText, StrictModel, refuse_unstorable
from api.users import service as users
from api.users import verification
from api.users.schemas import UserCreate, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class VerifyEmail(StrictModel):
    token: Annotated[StorableText, Field(min_length=1, max_length=2000, description="from the link in the verification mail")]


class MailQueued(BaseModel):
    sent_to: str


@router.post("/register", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def register(
    data: UserCreate, session: SessionDep, settings: SettingsDep, ml: MlDep, analytics: AnalyticsDep, background: BackgroundTasks, request: Request
) -> UserOut:
    """Create an account; a link to verify the email address is mailed to it."""
    user = users.create_user(session, data, settings, ml)
    analytics.capture(user.id, "user_signed_up", unit_system=user.unit_system.value)
    deliver_after_response(background, request, settings)
    return users.user_out(user)


@router.post("/verify-email", response_model=UserOut)
def verify_email(data: VerifyEmail, session: SessionDep, settings: SettingsDep) -> UserOut:
    """Open the link from the verification mail (no sign-in needed: the token is the proof)."""
    return users.user_out(verification.verify(session, data.token, settings))


@router.post("/verify-email/resend", response_model=MailQueued, status_code=status.HTTP_202_ACCEPTED)
def resend_verification(user: CurrentUser, session: SessionDep, settings: SettingsDep, background: BackgroundTasks, request: Request) -> MailQueued:
    verification.resend(session, user, settings)
    deliver_after_response(background, request, settings)
    return MailQueued(sent_to=user.email)


@router.post("/login", response_model=Token)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> Token:
    """`username` may be the account's username or email."""
    refuse_unstorable(username=form.username)
    client_ip = request.client.host if request.client else "unknown"
    user = users.find_by_login(session, form.username)
    # An existing account has one budget whether it is named by email or username.
    account_key = f"user:{user.id}" if user else f"login:{form.username.strip().lower()}"
    rejection = limiter.hit(account_key, client_ip)
    if rejection is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"too many login attempts for this {rejection.scope}; retry in {rejection.retry_after_s} s",
            headers={"Retry-After": str(rejection.retry_after_s)},
        )
    matches, rehashed = verify_password(form.password, user.hashed_password if user else None)
    if not matches or not user.is_active:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if rehashed is not None:  # made with older hashing parameters: stored anew
        user.hashed_password = rehashed
        session.commit()
    token = create_access_token(user.id, settings.secret_key, settings.access_token_expire_minutes)
    return Token(access_token=token, expires_in=settings.access_token_expire_minutes * 60)
