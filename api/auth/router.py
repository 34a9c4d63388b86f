"""Registration and login (OAuth2 password flow; the token is a JWT bearer token)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.core.security import create_access_token, verify_password
from api.deps import RateLimiterDep, SessionDep, SettingsDep
from api.schemas import refuse_unstorable
from api.users import service as users
from api.users.schemas import UserCreate, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post("/register", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def register(data: UserCreate, session: SessionDep) -> UserOut:
    return users.user_out(users.create_user(session, data))


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
