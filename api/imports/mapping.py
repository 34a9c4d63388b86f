"""Which library exercise an exercise name from another app means.

Apps name exercises "Bench Press (Barbell)", "Lat Pulldown - Close Grip (Cable)" or "EZ Bar Biceps
Curl"; the library says "Barbell Bench Press". A name is split into its movement and its equipment
(the words in parentheses, or an equipment word in the name), normalised (case, hyphens, plurals,
common spellings), and compared with every library name and its aliases
(api/data/exercise_aliases.json): an exact match first, then a fuzzy one (rapidfuzz) that must
agree on the equipment. What matches nothing becomes the person's own exercise, with the muscle
group of the closest library movement and the equipment the name says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from api.enums import Equipment, ExerciseType, MuscleGroup

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "exercise_aliases.json"
# A fuzzy match this good (0-100, equipment agreeing) maps a name without asking.
MIN_SCORE = 88
# Closest movement good enough to lend its muscle group to a new custom exercise.
MIN_MUSCLE_SCORE = 70
SUGGESTIONS = 3

EQUIPMENT_WORDS = {
    "smith machine": Equipment.MACHINE, "machine plates": Equipment.MACHINE, "plate loaded": Equipment.MACHINE,
    "resistance band": Equipment.BANDS, "ez bar": Equipment.BARBELL, "trap bar": Equipment.BARBELL,
    "barbell": Equipment.BARBELL, "dumbbell": Equipment.DUMBBELL, "cable": Equipment.CABLE, "machine": Equipment.MACHINE,
    "kettlebell": Equipment.KETTLEBELL, "band": Equipment.BANDS, "bodyweight": Equipment.NONE, "assisted": Equipment.MACHINE,
    "pec deck": Equipment.MACHINE,
}
# Spellings that mean the same word.
SYNONYMS = {
    "biceps": "bicep", "triceps": "tricep", "pullup": "pull up", "pullups": "pull up", "chinup": "chin up",
    "pushup": "push up", "pushups": "push up", "skullcrusher": "skull crusher", "skullcrushers": "skull crusher",
    "pushdown": "push down", "pulldown": "pull down", "db": "dumbbell", "bb": "barbell", "kb": "kettlebell",
    "ohp": "overhead press", "rdl": "romanian deadlift", "flye": "fly", "flyes": "fly", "flys": "fly",
    "raises": "raise", "curls": "curl", "rows": "row", "presses": "press", "squats": "squat", "lunges": "lunge",
    "dips": "dip", "crunches": "crunch", "extensions": "extension", "deadlifts": "deadlift", "ballance": "balance",
}
# Words that name a movement's muscle group, the more specific first; when none is in the name,
# the closest library movement's muscle group.
MUSCLE_WORDS = [
    ("leg curl", MuscleGroup.LEGS), ("leg extension", MuscleGroup.LEGS), ("leg press", MuscleGroup.LEGS),
    ("leg raise", MuscleGroup.CORE), ("sit up", MuscleGroup.CORE), ("pullover", MuscleGroup.BACK),
    ("tricep", MuscleGroup.TRICEPS), ("skull crusher", MuscleGroup.TRICEPS), ("push down", MuscleGroup.TRICEPS),
    ("dip", MuscleGroup.TRICEPS), ("curl", MuscleGroup.BICEPS), ("bicep", MuscleGroup.BICEPS),
    ("lateral raise", MuscleGroup.SHOULDERS), ("front raise", MuscleGroup.SHOULDERS), ("rear delt", MuscleGroup.SHOULDERS),
    ("shoulder", MuscleGroup.SHOULDERS), ("overhead press", MuscleGroup.SHOULDERS), ("military", MuscleGroup.SHOULDERS),
    ("shrug", MuscleGroup.BACK), ("row", MuscleGroup.BACK), ("pull down", MuscleGroup.BACK), ("pull up", MuscleGroup.BACK),
    ("chin up", MuscleGroup.BACK), ("deadlift", MuscleGroup.BACK), ("good morning", MuscleGroup.BACK),
    ("bench", MuscleGroup.CHEST), ("chest", MuscleGroup.CHEST), ("fly", MuscleGroup.CHEST), ("push up", MuscleGroup.CHEST),
    ("hip thrust", MuscleGroup.GLUTES), ("glute", MuscleGroup.GLUTES), ("squat", MuscleGroup.LEGS), ("lunge", MuscleGroup.LEGS),
    ("leg", MuscleGroup.LEGS), ("calf", MuscleGroup.LEGS), ("crunch", MuscleGroup.CORE), ("plank", MuscleGroup.CORE),
    ("ab", MuscleGroup.CORE), ("snatch", MuscleGroup.FULL_BODY), ("clean", MuscleGroup.FULL_BODY), ("jerk", MuscleGroup.FULL_BODY),
]
CARDIO_WORDS = ("run", "running", "cycling", "bike", "swim", "swimming", "row machine", "rowing", "elliptical", "walk",
                "walking", "aerobics", "cardio", "jump rope", "hiking", "stair")


def normalise(text: str) -> str:
    text = re.sub(r"[-_/,.'’]", " ", text.lower())
    text = re.sub(r"[^\w\s]", " ", text)
    words = [SYNONYMS.get(w, w) for w in text.split()]
    return " ".join(" ".join(words).split())


def split_equipment(name: str) -> tuple[str, Equipment | None]:
    """('incline bench press', DUMBBELL) from 'Incline Bench Press (Dumbbell)'; an equipment word
    in the name itself counts too ('EZ Bar Biceps Curl' -> 'bicep curl', BARBELL)."""
    bracket = re.search(r"\(([^)]*)\)\s*$", name)
    movement = name[: bracket.start()] if bracket else name
    words = normalise(movement)
    equipment = None
    if bracket:
        equipment = equipment_of(normalise(bracket[1]))
    for phrase, kind in EQUIPMENT_WORDS.items():
        if re.search(rf"\b{phrase}\b", words):
            equipment = equipment or kind
            words = re.sub(rf"\b{phrase}\b", " ", words)
    return " ".join(words.split()), equipment


def equipment_of(words: str) -> Equipment | None:
    for phrase, kind in EQUIPMENT_WORDS.items():
        if re.search(rf"\b{phrase}\b", words):
            return kind
    return None


@dataclass(frozen=True)
class LibraryExercise:
    exercise_id: int
    name: str
    equipment: Equipment
    primary_muscle: MuscleGroup


@dataclass(frozen=True)
class Match:
    """A library exercise for a name (None: nothing close enough) and how sure it is (0-1)."""

    exercise_id: int | None
    confidence: float
    method: str  # "exact", "alias", "fuzzy" or "none"
    suggestions: tuple[tuple[int, str, float], ...] = ()  # (exercise id, name, score 0-1), best first


@dataclass(frozen=True)
class NewExercise:
    """What a name that matched nothing says about itself, for a custom exercise."""

    primary_muscle: MuscleGroup
    equipment: Equipment
    exercise_type: ExerciseType


class ExerciseMatcher:
    def __init__(self, library: list[LibraryExercise], aliases: dict[str, list[str]] | None = None) -> None:
        aliases = read_aliases() if aliases is None else aliases
        self.library = {e.exercise_id: e for e in library}
        by_name = {e.name.lower(): e for e in library}
        # (movement words, exercise, method) for every library name and alias.
        self.forms: list[tuple[str, LibraryExercise, str]] = []
        self.exact: dict[tuple[str, Equipment | None], tuple[LibraryExercise, str]] = {}
        for exercise in library:
            self._add(exercise.name, exercise, "exact")
        for name, others in aliases.items():
            exercise = by_name.get(name.lower())
            for alias in others if exercise else ():
                self._add(alias, exercise, "alias")
        self.choices = [form for form, _, _ in self.forms]

    def _add(self, text: str, exercise: LibraryExercise, method: str) -> None:
        movement, equipment = split_equipment(text)
        self.forms.append((movement, exercise, method))
        self.exact.setdefault((movement, equipment or exercise.equipment), (exercise, method))
        self.exact.setdefault((normalise(text), None), (exercise, method))

    def match(self, name: str) -> Match:
        movement, equipment = split_equipment(name)
        for key in ((normalise(name), None), (movement, equipment)):
            found = self.exact.get(key)
            if found:
                return Match(found[0].exercise_id, 1.0, found[1], ((found[0].exercise_id, found[0].name, 1.0),))
        if equipment is None:
            # No equipment named: the library movement may go by its equipment's name alone.
            found = next((v for k, v in self.exact.items() if k[0] == movement and k[1] is not None), None)
            if found:
                return Match(found[0].exercise_id, 1.0, found[1], ((found[0].exercise_id, found[0].name, 1.0),))
        ranked = self._ranked(movement, equipment)
        suggestions = tuple((e.exercise_id, e.name, round(score / 100, 3)) for e, score in ranked[:SUGGESTIONS])
        if ranked and ranked[0][1] >= MIN_SCORE:
            best, score = ranked[0]
            return Match(best.exercise_id, round(score / 100, 3), "fuzzy", suggestions)
        return Match(None, 0.0, "none", suggestions)

    def _ranked(self, movement: str, equipment: Equipment | None) -> list[tuple[LibraryExercise, float]]:
        """Library exercises by score, best first; a different equipment costs 20 points."""
        best: dict[int, float] = {}
        for _, score, index in process.extract(movement, self.choices, scorer=fuzz.token_sort_ratio, limit=25):
            exercise = self.forms[index][1]
            if equipment is not None and exercise.equipment != equipment:
                score -= 20
            best[exercise.exercise_id] = max(best.get(exercise.exercise_id, 0.0), score)
        return sorted(((self.library[i], s) for i, s in best.items()), key=lambda item: -item[1])

    def describe(self, name: str, cardio_sets: bool) -> NewExercise:
        """Muscle group, equipment and type for a custom exercise of this name."""
        movement, equipment = split_equipment(name)
        words = f" {movement} "
        muscle = next((m for word, m in MUSCLE_WORDS if f" {word}" in words), None)
        if muscle is None:
            closest = process.extractOne(movement, self.choices, scorer=fuzz.token_sort_ratio)
            good = closest is not None and closest[1] >= MIN_MUSCLE_SCORE
            muscle = self.forms[closest[2]][1].primary_muscle if good else MuscleGroup.FULL_BODY
        cardio = cardio_sets or any(f" {w} " in words for w in CARDIO_WORDS)
        return NewExercise(muscle, equipment or Equipment.OTHER, ExerciseType.CARDIO if cardio else ExerciseType.STRENGTH)


def read_aliases(path: Path = ALIASES_FILE) -> dict[str, list[str]]:
    return json.loads(path.read_text()) if path.exists() else {}
