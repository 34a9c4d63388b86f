"""A complete next session from the recommender's ranking: which exercises (respecting recovery and
balance), and how many sets, reps and what weight for each (from the person's goal and the
progression suggestions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pulse.formulas import weight_for_reps
from pulse.units import UnitSystem
from recsys.progression import Suggestion, served
from recsys.sessions import TopSet

# A muscle group with this many effective working sets in the last 48 h is still recovering
# (a set counts 1 for its exercise's primary muscle and 0.5 for each secondary one).
HARD_SETS_48H = 6.0
MAX_PER_MUSCLE = 2

# goal -> (sets, reps, rest seconds): common prescriptions for each training goal.
PRESCRIPTIONS = {
    "strength": (5, 5, 180),
    "muscle_gain": (4, 10, 90),
    "endurance": (3, 15, 45),
    "weight_loss": (3, 12, 60),
    "general_fitness": (3, 10, 75),
}
TIMED_SECONDS = {"CARDIO": 1200, "FLEXIBILITY": 60, "BALANCE": 45}


@dataclass(frozen=True)
class Candidate:
    exercise_id: int
    name: str
    primary_muscle: str
    equipment: str
    exercise_type: str
    is_time_based: bool = False
    is_distance_based: bool = False

    @property
    def is_timed(self) -> bool:
        return self.exercise_type != "STRENGTH" or self.is_time_based or self.is_distance_based


@dataclass(frozen=True)
class PlannedItem:
    candidate: Candidate
    sets: int
    reps: int | None
    duration_s: int | None
    weight_kg: float | None
    weight_basis: str | None
    rest_seconds: int


def recovering_muscles(effective_sets_48h: dict[str, float]) -> set[str]:
    return {muscle for muscle, sets in effective_sets_48h.items() if sets >= HARD_SETS_48H}


def choose(ranked: Sequence[Candidate], count: int, recovering: set[str], goal: str) -> list[Candidate]:
    """The best-ranked exercises that spare recovering muscles, at most MAX_PER_MUSCLE per muscle
    group and few timed ones (more for endurance and weight loss); strength work first."""
    timed_allowed = 2 if goal in ("endurance", "weight_loss") else 1
    per_muscle: Counter[str] = Counter()
    timed = 0
    chosen = []
    for candidate in ranked:
        if len(chosen) == count:
            break
        if candidate.primary_muscle in recovering or per_muscle[candidate.primary_muscle] >= MAX_PER_MUSCLE:
            continue
        if candidate.is_timed:
            if timed >= timed_allowed:
                continue
            timed += 1
        per_muscle[candidate.primary_muscle] += 1
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.is_timed)  # stable: rank order within each kind


def prescribe(candidate: Candidate, goal: str, level: str, suggestion: Suggestion | None, units: UnitSystem) -> PlannedItem:
    sets, reps, rest = PRESCRIPTIONS.get(goal, PRESCRIPTIONS["general_fitness"])
    if level == "beginner":
        sets = max(2, sets - 1)
    if candidate.is_timed:
        seconds = TIMED_SECONDS.get(candidate.exercise_type, 60)
        return PlannedItem(candidate, 1 if candidate.exercise_type == "CARDIO" else sets, None, seconds, None, None, rest)
    weight = None
    if suggestion is not None and suggestion.weight_kg > 0:
        # Same estimated 1RM, moved to this session's rep target, on the person's plates.
        weight = served(weight_for_reps(TopSet(suggestion.weight_kg, suggestion.reps).estimated_1rm_kg, reps), units)
    return PlannedItem(candidate, sets, reps, None, weight, suggestion.basis if weight else None, rest)


def build(
    ranked: Sequence[Candidate],
    count: int,
    goal: str,
    level: str,
    recovering: set[str],
    suggestions: dict[int, Suggestion],
    units: UnitSystem,
) -> list[PlannedItem]:
    chosen = choose(ranked, count, recovering, goal)
    return [prescribe(c, goal, level, suggestions.get(c.exercise_id), units) for c in chosen]
