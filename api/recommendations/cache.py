"""Recommendation answers cached in Redis (when REDIS_URL is set), keyed by person, model version
and the person's history generation: logging or changing a workout bumps the generation, so the
next request computes afresh, and old entries expire on their own."""

import json
import logging
from collections.abc import AsyncIterator

import redis
from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from api.deps import CurrentUser
from api.models import User
from pulse.observability import CACHE

log = logging.getLogger(__name__)


class RecommendationCache:
    def __init__(self, redis_url: str | None, ttl_seconds: int) -> None:
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=0.5) if redis_url else None
        self.ttl = ttl_seconds

    @property
    def enabled(self) -> bool:
        return self.redis is not None

    @staticmethod
    def _person(user: User) -> str:
        # The account's creation time as well as its id: after a database reset ids start again,
        # and a new person must never be served the cached answer of an old one.
        return f"{user.id}.{int(user.created_at.timestamp() * 1_000_000)}"

    def _generation(self, user: User) -> str:
        return (self.redis.get(f"rec:gen:{self._person(user)}") or b"0").decode()

    def key(self, user: User, model_version: str | None, request_fingerprint: str) -> str | None:
        if self.redis is None:
            return None
        try:
            return f"rec:{self._person(user)}:{self._generation(user)}:{model_version or 'fallback'}:{request_fingerprint}"
        except redis.RedisError as error:  # a cache outage costs speed, never an answer
            log.warning("recommendation cache unavailable: %s", error)
            return None

    def get(self, key: str | None) -> dict | None:
        if key is None:
            return None
        try:
            found = self.redis.get(key)
        except redis.RedisError:
            CACHE.labels("unavailable").inc()
            return None
        CACHE.labels("hit" if found else "miss").inc()
        return json.loads(found) if found else None

    def put(self, key: str | None, value: dict) -> None:
        if key is None:
            return
        try:
            self.redis.set(key, json.dumps(value, default=str), ex=self.ttl)
        except redis.RedisError as error:
            log.warning("recommendation cache unavailable: %s", error)

    def invalidate(self, user: User) -> None:
        if self.redis is None:
            return
        try:
            self.redis.incr(f"rec:gen:{self._person(user)}")
        except redis.RedisError as error:
            log.warning("could not invalidate cached recommendations of %s: %s", user.id, error)


async def invalidate_after_change(request: Request, user: CurrentUser) -> AsyncIterator[None]:
    """Router dependency: a change to a person's workouts, routines, imports or profile retires
    their cached answers (on the thread pool: Redis is asked; reads cost nothing here)."""
    yield
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await run_in_threadpool(request.app.state.recommendation_cache.invalidate, user)
