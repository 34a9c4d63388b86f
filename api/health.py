from fastapi import APIRouter, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

import pulse
from pulse.observability import gauge, metrics_endpoint
from serving.status import served_models_gauge

router = APIRouter(tags=["health"])


def _database_health(engine) -> dict:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}
    except Exception as error:  # any failure to reach the database is the answer, not a crash
        return {"status": "unavailable", "error": type(error).__name__}


@router.get("/health")
async def health(request: Request, response: Response) -> dict:
    """Database, cache, models (in this process or the ML service's) and version; 503 when the
    database does not answer. `degraded` when the cache or the ML service is out: the API still
    answers (login limits in memory, recommendations from the popularity fallback)."""
    state = request.app.state
    database = await run_in_threadpool(_database_health, state.engine)
    if database["status"] != "ok":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    limiter = state.rate_limiter
    cache = {"backend": limiter.backend, "status": "ok" if await run_in_threadpool(limiter.healthy) else "unavailable"}
    # While the champions load, or before any is trained, the popularity fallback answers: not degraded.
    models = await run_in_threadpool(state.ml.health)
    healthy = database["status"] == "ok" and cache["status"] == "ok" and models["status"] != "unavailable"
    return {"status": "ok" if healthy else "degraded", "version": pulse.__version__, "database": database, "cache": cache, "models": models}


def _api_gauges(request: Request):
    state = request.app.state
    pool = state.engine.pool
    yield gauge(
        "pulse_db_pool_connections", "This process's database connections", ["state"],
        [(("checked_out",), pool.checkedout()), (("idle",), pool.checkedin()), (("size",), pool.size())],
    )
    yield served_models_gauge(state.ml.health().get("models", {}))


router.add_api_route("/metrics", metrics_endpoint(_api_gauges), include_in_schema=False)
