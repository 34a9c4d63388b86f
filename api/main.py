"""The FastAPI application: `create_app()` wires settings, database, rate limiter and routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import pulse
from api import health
from api.auth.router import router as auth_router
from api.core.db import make_engine, make_sessionmaker
from api.core.ratelimit import LoginRateLimiter
from api.errors import BodySizeLimit, install_error_handlers
from api.exercises.router import router as exercises_router
from api.friends.router import router as friends_router
from api.goals.router import router as goals_router
from api.records.router import router as records_router
from api.stats.router import router as stats_router
from api.users.router import router as users_router
from api.workouts.router import router as workouts_router
from pulse.database import resolve_database_url
from pulse.settings import Settings, get_settings


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.check_secret_key()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(database_url or resolve_database_url(settings))
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        yield
        engine.dispose()

    app = FastAPI(
        title="Pulse Fitness API",
        version=pulse.__version__,
        description="Log workouts, body stats and goals; see progress and friends' activity. "
        "Weights and distances are read and written in each person's units (see docs/units.md).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = LoginRateLimiter(
        settings.redis_url or "memory://", settings.login_rate_limit_per_account, settings.login_rate_limit_per_ip
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    for router in (
        health.router, auth_router, users_router, exercises_router, workouts_router,
        goals_router, stats_router, records_router, friends_router,
    ):
        app.include_router(router)
    return app
