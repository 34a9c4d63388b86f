"""What a workout's title says about the exercises in it.

Lifters name their days after what they train: "Push", "Pull Day", "Legs", "Upper A", "Chest &
Back", "Arms". The words name muscle groups (the app's `MuscleGroup` values), so a routine's
title tells which of a person's exercises belong to it even the first time it is used. English
words only: a title in another language, or a generic one ("Evening Workout"), names none.
"""

from __future__ import annotations

import re

UPPER = frozenset({"CHEST", "BACK", "SHOULDERS", "BICEPS", "TRICEPS"})
LOWER = frozenset({"LEGS", "GLUTES"})
MUSCLE_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("chest", "pec", "pecs"), frozenset({"CHEST"})),
    **dict.fromkeys(("back", "lat", "lats"), frozenset({"BACK"})),
    **dict.fromkeys(("shoulder", "shoulders", "delt", "delts"), frozenset({"SHOULDERS"})),
    **dict.fromkeys(("bicep", "biceps", "bis"), frozenset({"BICEPS"})),
    **dict.fromkeys(("tricep", "triceps", "tris"), frozenset({"TRICEPS"})),
    **dict.fromkeys(("arm", "arms"), frozenset({"BICEPS", "TRICEPS"})),
    **dict.fromkeys(("leg", "legs", "quad", "quads", "hamstring", "hamstrings", "calf", "calves"), frozenset({"LEGS", "GLUTES"})),
    **dict.fromkeys(("glute", "glutes"), frozenset({"GLUTES"})),
    **dict.fromkeys(("abs", "core"), frozenset({"CORE"})),
    "push": frozenset({"CHEST", "SHOULDERS", "TRICEPS"}),
    "pull": frozenset({"BACK", "BICEPS"}),
    "upper": UPPER,
    "lower": LOWER,
}


def muscles_named(title: str | None) -> frozenset[str]:
    """The muscle groups a title's words name (empty when it names none)."""
    named: frozenset[str] = frozenset()
    for word in re.findall(r"[a-z]+", (title or "").casefold()):
        named |= MUSCLE_WORDS.get(word, frozenset())
    return named
