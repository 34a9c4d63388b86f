from fastapi import APIRouter, Request, Response, status
from sqlalchemy import text

import pulse

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request, response: Response) -> dict:
    """Database, cache, models and version; 503 when the database does not answer."""
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = {"status": "ok"}
    except Exception as error:  # any failure to reach the database is the answer, not a crash
        database = {"status": "unavailable", "error": type(error).__name__}
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    limiter = request.app.state.rate_limiter
    cache = {"backend": limiter.backend, "status": "ok" if limiter.healthy() else "unavailable"}
    overall = "ok" if database["status"] == "ok" and cache["status"] == "ok" else "degraded"
    # While the champions load, recommendations come from the popularity fallback: not degraded.
    models = {"status": "ready" if request.app.state.ml.ready() else "loading"}
    return {"status": overall, "version": pulse.__version__, "database": database, "cache": cache, "models": models}
