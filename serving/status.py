"""What the models a process holds look like from outside: the health answer and the gauges on
/metrics (the same for the ML service and for the API serving its models in process)."""

from __future__ import annotations

from pulse.observability import gauge
from serving.holder import ModelHolder


def loaded_versions(holder: ModelHolder) -> dict[str, str | None]:
    return {name: slot.loaded.version if slot.loaded else None for name, slot in holder.slots.items()}


def model_health(holder: ModelHolder) -> dict:
    """`loading` until the registry was first read, then `ready` when a champion is loaded and
    `no_models` when none is (nothing trained yet, or the registry unreachable)."""
    versions = loaded_versions(holder)
    if not holder.ready.is_set():
        state = "loading"
    else:
        state = "ready" if any(versions.values()) else "no_models"
    return {"status": state, "models": versions}


def served_models_gauge(versions: dict[str, str | None]):
    """The champion versions answers come from (the ML service's own, or the API's view of them)."""
    return gauge(
        "pulse_model_served", "1 for each champion version recommendations come from", ["model", "version"],
        [((name, version), 1) for name, version in versions.items() if version],
    )
