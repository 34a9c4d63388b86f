"""The ML service alone (`pulse serve ml`, :8001): the champion models and the /ml router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response, status

import pulse
from pulse.observability import ObserveRequests, metrics_endpoint
from pulse.settings import Settings, get_settings
from serving.analytics import WarehouseAnalytics
from serving.holder import ModelHolder
from serving.router import router
from serving.second_opinion import make_reviewer
from serving.status import loaded_versions, model_health, served_models_gauge


def create_ml_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder = ModelHolder(settings)
        holder.start(settings.model_start_wait_seconds)
        app.state.model_holder = holder
        app.state.reviewer = make_reviewer(settings)
        app.state.analytics = WarehouseAnalytics(settings)
        yield
        app.state.analytics.close()
        holder.stop()

    # Everything under /ml (docs too), so that a proxy passes /ml/ on unchanged; /health and
    # /health/live also at the root, where container health checks look.
    app = FastAPI(
        title="Pulse ML service", version=pulse.__version__, lifespan=lifespan, docs_url="/ml/docs", openapi_url="/ml/openapi.json", redoc_url=None
    )
    app.include_router(router)
    app.add_middleware(ObserveRequests, service="ml")

    @app.get("/health", tags=["health"])
    @app.get("/ml/health", tags=["health"])
    def health(request: Request, response: Response) -> dict:
        """Which champions are loaded. 503 while none is: recommendations and similar people have
        no fallback here (the API falls back to popularity), so this process cannot yet serve."""
        answer = model_health(request.app.state.model_holder)
        if answer["status"] != "ready":
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {**answer, "version": pulse.__version__}

    @app.get("/health/live", tags=["health"])
    def live() -> dict:
        """The process answers (a container's liveness): it may still have no model to serve."""
        return {"status": "ok"}

    app.add_api_route("/metrics", metrics_endpoint(lambda request: [served_models_gauge(loaded_versions(request.app.state.model_holder))]), include_in_schema=False)
    return app
