"""The ML service alone (`pulse serve ml`, :8001): the champion models and the /ml router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import pulse
from pulse.settings import Settings, get_settings
from serving.holder import ModelHolder
from serving.router import router


def create_ml_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder = ModelHolder(settings)
        holder.start(settings.model_start_wait_seconds)
        app.state.model_holder = holder
        yield
        holder.stop()

    app = FastAPI(title="Pulse ML service", version=pulse.__version__, lifespan=lifespan)
    app.include_router(router)

    @app.get("/health", tags=["health"])
    def health() -> dict:
        return {"status": "ok", "version": pulse.__version__}

    return app
