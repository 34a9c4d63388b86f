"""Annotated dependencies shared by the routers: settings, a database session, the current user."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from api.core.product_analytics import ProductAnalytics
from api.core.ratelimit import LoginRateLimiter
from api.core.security import decode_access_token, issued_before
from api.enums import UnitSystem
from api.models import User
from api.users.service import DEMO_USERNAME
from pulse.settings import Settings
from serving.client import MlBackend

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)


# Dependencies that only read request state are `async def`: FastAPI runs a plain `def` dependency
# on the thread pool, and those hops were a good part of a short request's time under load.
# Anything that waits on the database or Redis stays `def`, off the event loop.


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session per request. Making one touches nothing; closing it hands its connection back
    (a round trip), so that part goes to the thread pool."""
    session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


async def get_rate_limiter(request: Request) -> LoginRateLimiter:
    return request.app.state.rate_limiter


async def get_analytics(request: Request) -> ProductAnalytics:
    return request.app.state.analytics


async def get_ml(request: Request) -> MlBackend:
    """The models: in this process, or the ML service (ML_SERVICE_URL)."""
    return request.app.state.ml


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
RateLimiterDep = Annotated[LoginRateLimiter, Depends(get_rate_limiter)]
MlDep = Annotated[MlBackend, Depends(get_ml)]
AnalyticsDep = Annotated[ProductAnalytics, Depends(get_analytics)]


def _user_from_token(session: Session, settings: Settings, token: str | None) -> User | None:
    if not token:
        return None
    decoded = decode_access_token(token, settings.secret_key)
    if decoded is None:
        return None
    user_id, issued_at = decoded
    user = session.get(User, user_id)
    if user is None or not user.is_active or issued_before(issued_at, user.password_changed_at):
        return None
    return user


def get_current_user(session: SessionDep, settings: SettingsDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> User:
    user = _user_from_token(session, settings, token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="not authenticated: a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def get_optional_user(session: SessionDep, settings: SettingsDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> User | None:
    return _user_from_token(session, settings, token)


CurrentUser = Annotated[User, Depends(get_current_user)]
OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def is_admin(user: User, debug: bool) -> bool:
    return user.is_admin or (debug and user.is_synthetic and user.username == DEMO_USERNAME)


async def require_admin(user: CurrentUser, settings: SettingsDep) -> User:
    if not is_admin(user, settings.debug):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only administrators may do this")
    return user


AdminUser = Annotated[User, Depends(require_admin)]


async def get_units(user: CurrentUser, units: Annotated[UnitSystem | None, Query(description="metric or imperial; defaults to the user's preference")] = None) -> UnitSystem:
    return units or user.unit_system


UnitsDep = Annotated[UnitSystem, Depends(get_units)]


@dataclass(frozen=True)
class PageParams:
    """limit/offset pagination parameters shared by every list endpoint."""

    limit: int
    offset: int


async def get_page(
    limit: Annotated[int, Query(ge=1, le=100, description="page size")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")] = 0,
) -> PageParams:
    return PageParams(limit, offset)


PageDep = Annotated[PageParams, Depends(get_page)]
