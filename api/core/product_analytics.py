"""Product analytics events (sign-up, workout logged, recommendation shown or accepted, ...) sent
to PostHog with its official client when POSTHOG_API_KEY is set; off (nothing sent, nothing
imported) without it.

The client queues events and a background thread sends them in batches, so a request never waits
on PostHog. People are named only by an opaque id (an HMAC of their user id under the server's
secret key): no email, username or anything they typed leaves, only the event and counts."""

from __future__ import annotations

import hashlib
import hmac
import logging

from pulse.settings import Settings

log = logging.getLogger(__name__)


class ProductAnalytics:
    def __init__(self, settings: Settings) -> None:
        self._secret = settings.secret_key.encode()
        self._client = None
        if settings.posthog_api_key:
            from posthog import Posthog

            self._client = Posthog(
                settings.posthog_api_key, host=settings.posthog_host, flush_at=settings.posthog_flush_at, flush_interval=5.0,
                disable_geoip=True, max_retries=2, timeout=5, on_error=lambda error, batch: log.warning("posthog: %s", error),
            )

    @property
    def enabled(self) -> bool:
        return self._client is not None

    def distinct_id(self, user_id: int) -> str:
        return hmac.new(self._secret, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]

    def capture(self, user_id: int, event: str, **properties: str | int | float | bool | None) -> None:
        """Queue one event (returns at once); `properties` hold no personal data."""
        if self._client is not None:
            self._client.capture(event, distinct_id=self.distinct_id(user_id), properties={"$process_person_profile": False, **properties})

    def close(self) -> None:
        if self._client is not None:
            self._client.shutdown()  # sends what is queued
