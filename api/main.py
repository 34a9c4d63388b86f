"""The FastAPI application: `create_app()` wires settings, database, rate limiter and routers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import pulse
from api import health
from api.accountability.router import partners_router
from api.accountability.router import router as accountability_router
from api.analytics.router import router as analytics_router
from api.auth.router import router as auth_router
from api.blocks.router import router as blocks_router
from api.challenges.router import router as challenges_router
from api.community.router import router as community_router
from api.core.db import make_engine, make_sessionmaker
from api.core.product_analytics import ProductAnalytics
from api.core.ratelimit import LoginRateLimiter
from api.errors import BodySizeLimit, install_error_handlers
from api.exercises.router import router as exercises_router
from api.exports.router import router as exports_router
from api.friends.router import router as friends_router
from api.goals.router import router as goals_router
from api.imports.router import router as imports_router
from api.imports.runner import ImportRunner
from api.ml_models.router import router as ml_models_router
from api.ml_models.training import TrainingRuns
from api.mobile_app import mount_mobile_app
from api.moderation.router import router as moderation_router
from api.notifications.router import router as notifications_router
from api.recommendations.cache import RecommendationCache
from api.recommendations.router import router as recommendations_router
from api.records.router import router as records_router
from api.routines.router import router as routines_router
from api.safety.router import router as safety_router
from api.stats.router import router as stats_router
from api.users.router import router as users_router
from api.workouts.router import router as workouts_router
from pulse.database import resolve_database_url, resolve_warehouse_url
from pulse.observability import ObserveRequests
from pulse.settings import REPO_ROOT, Settings, get_settings
from serving.client import make_backend
from serving.holder import settle_heap


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.check_secret_key()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or resolve_database_url(settings)
        engine = make_engine(url, settings.database_pool_size)
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.app_url = engine.url.render_as_string(hide_password=False)
        app.state.warehouse_url = (
            resolve_warehouse_url(settings).render_as_string(hide_password=False) if settings.warehouse_url else app.state.app_url
        )
        # The champion models load here (in process), or the ML service is asked (ML_SERVICE_URL).
        app.state.ml = make_backend(settings)
        app.state.import_runner = ImportRunner(app.state.sessionmaker, app.state.recommendation_cache)
        app.state.analytics = ProductAnalytics(settings)
        settle_heap()
        yield
        app.state.analytics.close()
        app.state.import_runner.close()
        app.state.ml.close()
        engine.dispose()

    app = FastAPI(
        title="Pulse Fitness API",
        version=pulse.__version__,
        description="Log workouts, body stats and goals; see progress and friends' activity. "
        "Weights and distances are read and written in each person's units (see docs/units.md).",
        lifespan=lifespan,
        # Behind a proxy that serves the API under a prefix (/api in docker-compose): the docs and
        # the OpenAPI document name it; requests with or without the prefix are both answered.
        root_path=settings.root_path,
    )
    app.state.settings = settings
    app.state.rate_limiter = LoginRateLimiter(
        settings.redis_url or "memory://", settings.login_rate_limit_per_account, settings.login_rate_limit_per_ip
    )
    app.state.recommendation_cache = RecommendationCache(settings.redis_url, settings.recommendation_cache_seconds)
    app.state.training_runs = TrainingRuns({})
    install_error_handlers(app)
    # A multipart upload carries a little more than the file itself.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes, larger=dict.fromkeys(("/imports", "/imports/preview"), settings.max_import_bytes + 64 * 1024))
    for router in (
        health.router, auth_router, users_router, exercises_router, workouts_router,
        goals_router, stats_router, records_router, friends_router, recommendations_router, ml_models_router, imports_router,
        exports_router, routines_router, blocks_router, moderation_router, safety_router, accountability_router, partners_router,
        notifications_router, community_router, challenges_router, analytics_router,
    ):
        app.include_router(router)
    # Outermost, so that every answer (a 413 from the size limit too) is logged and counted.
    app.add_middleware(ObserveRequests, service="api")
    # The mobile app at / when it has been built (make mobile-build); after the API routes.
    mount_mobile_app(app, REPO_ROOT / "mobile" / "dist")
    return app
