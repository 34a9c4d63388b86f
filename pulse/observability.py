"""What a running service tells its operators, the same for the API and the ML service: one JSON
log line per request carrying a request id (taken from X-Request-ID or made here, and passed on to
the ML service), and Prometheus metrics at /metrics.

With several worker processes (`pulse serve api --workers N`) each keeps its own counters; the
command sets PROMETHEUS_MULTIPROC_DIR so that a scrape, answered by any one worker, adds up all."""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

REQUEST_ID_HEADER = "X-Request-ID"
# Set for the duration of one request; read by the log formatter and the ML service client.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access_log = logging.getLogger("pulse.request")

REQUESTS = Counter("pulse_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"])
LATENCY = Histogram(
    "pulse_http_request_duration_seconds",
    "Time from the request to the end of the response",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CACHE = Counter("pulse_recommendation_cache_total", "Recommendation cache lookups", ["result"])
# Asked every few seconds by health checks and scrapers: their lines only at DEBUG.
QUIET_PATHS = frozenset({"/health", "/health/live", "/metrics"})

# The attributes every LogRecord has; anything else given as `extra=` goes into the JSON line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request id when there is one,
    and whatever the call passed as `extra`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            line["request_id"] = current
        line.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def logging_config(level: str) -> dict:
    """A dictConfig (also handed to uvicorn) sending every logger's lines as JSON to stderr at
    LOG_LEVEL; uvicorn's own access lines are off, the request line here replaces them."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def _route_of(scope) -> str:
    """The route's template (/workouts/{workout_id}), so ids do not each become a time series."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class ObserveRequests:
    """ASGI middleware: request id in and out, one log line and the request metrics per request."""

    def __init__(self, app, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.lower().encode())
        rid = given.decode("latin-1")[:128] if given and given.isascii() and given.strip() else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        recorded = False

        def record() -> None:
            nonlocal recorded
            recorded = True
            elapsed = time.perf_counter() - started
            route = _route_of(scope)
            REQUESTS.labels(self.service, scope["method"], route, str(status)).inc()
            LATENCY.labels(self.service, scope["method"], route).observe(elapsed)
            access_log.log(
                logging.DEBUG if scope["path"] in QUIET_PATHS else logging.INFO,
                "%s %s %d",
                scope["method"],
                scope["path"],
                status,
                extra={"method": scope["method"], "path": scope["path"], "route": route, "status": status, "duration_ms": round(elapsed * 1000, 1)},
            )

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()  # before the last byte leaves: a client's next request already sees it counted
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if not recorded:  # no complete answer: an error, or the client went away
                record()
            request_id.reset(token)


def gauge(name: str, documentation: str, labels: Iterable[str], samples: Iterable[tuple[Iterable[str], float]]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=list(labels))
    for values, value in samples:
        family.add_metric(list(values), value)
    return family


class _ScrapeTime:
    """A collector whose figures are read when scraped (model versions, pool use)."""

    def __init__(self, collect: Callable[[], Iterable[GaugeMetricFamily]]) -> None:
        self._collect = collect

    def collect(self):
        yield from self._collect()


def metrics_response(scrape_time: Callable[[], Iterable[GaugeMetricFamily]]) -> Response:
    """The Prometheus text page: this process's (or, with several workers, all workers') counters,
    then the figures `scrape_time` reads now."""
    counted = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    now = CollectorRegistry()
    now.register(_ScrapeTime(scrape_time))
    return Response(generate_latest(counted) + generate_latest(now), media_type=CONTENT_TYPE_LATEST)


def metrics_endpoint(scrape_time: Callable[[Request], Iterable[GaugeMetricFamily]]):
    """A route handler for /metrics whose scrape-time figures come from the app of the request."""

    def metrics(request: Request) -> Response:
        return metrics_response(lambda: scrape_time(request))

    return metrics
