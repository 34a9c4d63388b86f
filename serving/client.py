"""How the API reaches the models: in its own process (default) or over HTTP (ML_SERVICE_URL).
Both raise `MlUnavailable` when no answer can come from a model, so the API falls back."""

from __future__ import annotations

import time
from typing import Protocol

import httpx

from pulse.observability import REQUEST_ID_HEADER, request_id
from serving import engine
from serving.analytics import NotBuilt, WarehouseAnalytics
from serving.contract import (
    AnalyticsOutput,
    ModelsOutput,
    ModerateInput,
    ModerateOutput,
    ProgressionInput,
    ProgressionOutput,
    RecommendInput,
    RecommendOutput,
    SimilarInput,
    SimilarOutput,
)
from serving.holder import ModelHolder
from serving.second_opinion import make_reviewer
from serving.status import model_health


class MlUnavailable(RuntimeError):
    """No model answered (none registered, none loaded, or the ML service unreachable)."""


class MlBackend(Protocol):
    def recommend(self, request: RecommendInput) -> RecommendOutput: ...
    def similar(self, request: SimilarInput) -> SimilarOutput: ...
    def progression(self, request: ProgressionInput) -> ProgressionOutput: ...
    def moderate(self, request: ModerateInput) -> ModerateOutput: ...
    def analytics(self, report: str, days: int, population: str) -> AnalyticsOutput: ...
    def models(self) -> ModelsOutput: ...
    def reload(self) -> ModelsOutput: ...
    def recommender_version(self) -> str | None: ...
    def health(self) -> dict: ...
    def close(self) -> None: ...


class AnalyticsNotBuilt(MlUnavailable):
    """The mart a report reads is not built yet."""


class InProcessBackend:
    def __init__(self, holder: ModelHolder, reviewer=None, analytics: WarehouseAnalytics | None = None) -> None:
        self.holder = holder
        self.reviewer = reviewer
        self.warehouse = analytics

    def _call(self, function, request):
        try:
            return function(self.holder, request)
        except engine.NoModel as error:
            raise MlUnavailable(f"no champion of {error} is loaded") from error

    def recommend(self, request):
        return self._call(engine.recommend, request)

    def similar(self, request):
        return self._call(engine.similar, request)

    def progression(self, request):
        return engine.progression(self.holder, request)

    def moderate(self, request):
        return engine.moderate(self.holder, request, self.reviewer)

    def analytics(self, report, days, population):
        try:
            return self.warehouse.report(report, days, population)
        except NotBuilt as error:
            raise AnalyticsNotBuilt(str(error)) from error

    def models(self):
        return engine.models(self.holder)

    def reload(self):
        self.holder.refresh()
        return engine.models(self.holder)

    def recommender_version(self):
        loaded = self.holder.get(engine.RECOMMENDER_MODEL)
        return loaded.version if loaded else None

    def health(self):
        return {"backend": "in-process", **model_health(self.holder)}

    def close(self):
        self.holder.stop()
        if self.warehouse is not None:
            self.warehouse.close()


class HttpBackend:
    """The separate ML service. Short timeouts: a slow model must not hold an API worker."""

    # The champion's version names cache entries; asking for it on every request would double
    # the round trips, so it is remembered this long (the service's own refresh is slower anyway).
    VERSION_TTL_S = 2.0

    HEALTH_TIMEOUT_S = 1.0

    def __init__(self, base_url: str, timeout: float = 3.0) -> None:
        self.http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, event_hooks={"request": [_pass_request_id]})
        self._version: tuple[float, str | None] = (float("-inf"), None)

    # Time enough for a second opinion on a held text (ANTHROPIC_TIMEOUT_SECONDS, 10 s by default).
    MODERATION_TIMEOUT_S = 15.0
    ANALYTICS_TIMEOUT_S = 10.0

    def _post(self, path: str, body, answer_type, timeout: float | None = None):
        extra = {"timeout": timeout} if timeout is not None else {}
        try:
            response = self.http.post(path, json=body.model_dump(mode="json"), **extra) if body is not None else self.http.post(path)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise MlUnavailable(f"ML service {self.http.base_url}{path}: {error}") from error
        return answer_type.model_validate(response.json())

    def recommend(self, request):
        return self._post("/ml/recommend", request, RecommendOutput)

    def similar(self, request):
        return self._post("/ml/similar", request, SimilarOutput)

    def progression(self, request):
        return self._post("/ml/progression", request, ProgressionOutput)

    def moderate(self, request):
        # A second opinion may take its own timeout on top of the model's few milliseconds.
        return self._post("/ml/moderation/text", request, ModerateOutput, self.MODERATION_TIMEOUT_S)

    def _get(self, path: str, answer_type, **options):
        try:
            response = self.http.get(path, **options)
            if response.status_code == 409:  # what the answer is read from is not there yet (a mart)
                raise AnalyticsNotBuilt(response.json()["detail"])
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise MlUnavailable(f"ML service {self.http.base_url}: {error}") from error
        return answer_type.model_validate(response.json())

    def analytics(self, report, days, population):
        params = {"days": days, "population": population}
        return self._get(f"/ml/analytics/{report}", AnalyticsOutput, params=params, timeout=self.ANALYTICS_TIMEOUT_S)

    def models(self):
        return self._get("/ml/models", ModelsOutput)

    def reload(self):
        return self._post("/ml/models/reload", None, ModelsOutput)

    def recommender_version(self):
        checked_at, version = self._version
        if time.monotonic() - checked_at < self.VERSION_TTL_S:
            return version
        try:
            found = [m.version for m in self.models().models if m.name == engine.RECOMMENDER_MODEL]
        except MlUnavailable:
            found = []
        self._version = (time.monotonic(), found[0] if found else None)
        return self._version[1]

    def health(self):
        """The service's own /health (503 there means up without a model), or `unavailable`."""
        where = str(self.http.base_url)
        try:
            response = self.http.get("/health", timeout=self.HEALTH_TIMEOUT_S)
            answer = response.json()
            return {"backend": where, "status": answer["status"], "models": answer.get("models", {})}
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            return {"backend": where, "status": "unavailable", "error": type(error).__name__}

    def close(self):
        self.http.close()


def _pass_request_id(request: httpx.Request) -> None:
    """The request id of the API request being answered goes along, so both logs show it."""
    if (current := request_id.get()) is not None:
        request.headers[REQUEST_ID_HEADER] = current


def make_backend(settings) -> MlBackend:
    if settings.ml_service_url:
        return HttpBackend(settings.ml_service_url)
    holder = ModelHolder(settings)
    holder.start(settings.model_start_wait_seconds)
    return InProcessBackend(holder, make_reviewer(settings), WarehouseAnalytics(settings))
