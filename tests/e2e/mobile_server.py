"""The API with the built mobile app mounted, as the embedded setup serves it, for uvicorn:

    uvicorn tests.e2e.mobile_server:create --factory

Settings come from the environment (DATABASE_URL, DEBUG/SECRET_KEY); PULSE_MOBILE_DIST names
the built app (default mobile/dist)."""

import logging.config
import os
from pathlib import Path

from fastapi import FastAPI

from api.main import create_app
from api.mobile_app import mount_mobile_app
from pulse.observability import logging_config
from pulse.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def create() -> FastAPI:
    # JSON lines at LOG_LEVEL, as `pulse serve api` logs (mail goes there without SMTP_HOST).
    logging.config.dictConfig(logging_config(get_settings().log_level))
    app = create_app()  # mounts mobile/dist when it is built
    dist = Path(os.environ.get("PULSE_MOBILE_DIST", REPO_ROOT / "mobile" / "dist"))
    mounted = any(getattr(r, "path", None) == "/{path:path}" for r in app.routes)
    if not mounted and not mount_mobile_app(app, dist):
        raise RuntimeError(f"the mobile app is not built: {dist}/index.html is missing (make mobile-build)")
    return app
