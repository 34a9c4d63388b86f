"""The API with the built mobile app mounted, as the embedded setup serves it, for uvicorn:

    uvicorn tests.e2e.mobile_server:create --factory

Settings come from the environment (DATABASE_URL, DEBUG/SECRET_KEY); PULSE_MOBILE_DIST names
the built app (default mobile/dist)."""

import os
from pathlib import Path

from fastapi import FastAPI

from api.main import create_app
from api.mobile_app import mount_mobile_app

REPO_ROOT = Path(__file__).resolve().parents[2]


def create() -> FastAPI:
    app = create_app()  # mounts mobile/dist when it is built
    dist = Path(os.environ.get("PULSE_MOBILE_DIST", REPO_ROOT / "mobile" / "dist"))
    mounted = any(getattr(r, "path", None) == "/{path:path}" for r in app.routes)
    if not mounted and not mount_mobile_app(app, dist):
        raise RuntimeError(f"the mobile app is not built: {dist}/index.html is missing (make mobile-build)")
    return app
