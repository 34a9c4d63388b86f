"""The exercise library as the generator sees it: what equipment each exercise needs, how it is
measured (load and reps, reps alone, a hold, distance and time), rough strength standards, and
the plate or dumbbell steps a real gym offers.

The catalog is built from the database's library rows when generating (so calories use the
stored MET values) and from the shipped JSON in tests that have no database.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from api.exercises.library import LIBRARY_FILE

WEIGHTED_EQUIPMENT = frozenset({"BARBELL", "DUMBBELL", "KETTLEBELL", "MACHINE", "CABLE"})
UPPER_BODY_MUSCLES = frozenset({"CHEST", "SHOULDERS", "TRICEPS", "BICEPS", "BACK"})


class Measure:
    """How sets of an exercise are logged."""

    WEIGHTED = "weighted"  # load and reps
    REPS = "reps"  # body weight or bands: reps only
    HOLD = "hold"  # a timed position (plank, stretches)
    DISTANCE_TIME = "distance_time"  # runs, rides, rows
    TIME = "time"  # cardio logged by duration only
    DISTANCE = "distance"  # sled pushes and the like
    CARRY = "carry"  # load carried over a distance


@dataclass(frozen=True, slots=True)
class ExerciseInfo:
    name: str
    equipment: str
    exercise_type: str
    primary_muscle: str
    is_distance_based: bool
    is_time_based: bool
    met: float
    difficulty: int = 1
    # Set for a person's own (custom) exercise: that person's index in the population.
    owner_index: int | None = None
    secondary_muscles: tuple[str, ...] = ()
    description: str = ""
    measure: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measure", _measure_of(self))

    @property
    def is_upper_body(self) -> bool:
        return self.primary_muscle in UPPER_BODY_MUSCLES


def _measure_of(e: ExerciseInfo) -> str:
    if e.exercise_type == "CARDIO" or e.is_distance_based:
        if e.is_distance_based and e.equipment in WEIGHTED_EQUIPMENT:
            return Measure.CARRY
        if e.is_distance_based and e.is_time_based:
            return Measure.DISTANCE_TIME
        if e.is_distance_based:
            return Measure.DISTANCE
        return Measure.TIME if e.is_time_based else Measure.REPS
    if e.is_time_based:
        return Measure.HOLD
    return Measure.WEIGHTED if e.equipment in WEIGHTED_EQUIPMENT else Measure.REPS


class Catalog:
    """Library exercises by name."""

    def __init__(self, exercises: Iterable[ExerciseInfo]) -> None:
        self.by_name = {e.name: e for e in exercises}
        self._usable: dict[tuple[str, ...], tuple[ExerciseInfo, ...]] = {}

    def __len__(self) -> int:
        return len(self.by_name)

    def get(self, name: str) -> ExerciseInfo | None:
        return self.by_name.get(name)

    def usable(self, equipment: tuple[str, ...]) -> tuple[ExerciseInfo, ...]:
        """Library exercises that need only `equipment`, by name (not by the database's row
        order, so a draw from them is the same whatever order the rows came in)."""
        if equipment not in self._usable:
            allowed = set(equipment) | {"NONE"}
            self._usable[equipment] = tuple(sorted((e for e in self.by_name.values() if e.equipment in allowed), key=lambda e: e.name))
        return self._usable[equipment]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> Catalog:
        """Rows of (name, equipment, exercise_type, primary_muscle, is_distance_based,
        is_time_based, met_value, difficulty), as selected from app.exercises."""
        return cls(
            ExerciseInfo(
                name=name, equipment=str(equipment), exercise_type=str(kind), primary_muscle=str(muscle),
                is_distance_based=bool(distance), is_time_based=bool(timed), met=float(met), difficulty=int(difficulty),
            )
            for name, equipment, kind, muscle, distance, timed, met, difficulty in rows
        )

    @classmethod
    def from_library_file(cls, path: Path = LIBRARY_FILE) -> Catalog:
        entries = json.loads(path.read_text())
        return cls.from_rows(
            (e["name"], e["equipment"], e["exercise_type"], e["primary_muscle"], e["is_distance_based"],
             e["is_time_based"], e["met_value"], e["difficulty"])
            for e in entries
        )


# ---- strength standards ----------------------------------------------------------------------

# Estimated 1RM as a multiple of body weight for an intermediate man; for dumbbells and
# kettlebells it is the weight of one implement. People scale this by sex, experience and talent.
STRENGTH_STANDARDS: dict[str, float] = {
    "Barbell Back Squat": 1.5, "Barbell Front Squat": 1.2, "Conventional Deadlift": 1.8, "Romanian Deadlift": 1.2,
    "Sumo Deadlift": 1.75, "Barbell Bench Press": 1.15, "Incline Barbell Bench Press": 0.95,
    "Close-Grip Bench Press": 1.0, "Barbell Overhead Press": 0.7, "Barbell Bent-Over Row": 0.95, "Barbell Curl": 0.45,
    "Barbell Hip Thrust": 1.6, "Power Clean": 0.9, "Barbell Snatch": 0.7, "Clean and Jerk": 0.9, "Push Press": 0.85,
    "EZ-Bar Skull Crusher": 0.4, "Barbell Thruster": 0.6,
    "Dumbbell Bench Press": 0.42, "Incline Dumbbell Press": 0.36, "Dumbbell Fly": 0.18, "Dumbbell Shoulder Press": 0.3,
    "Dumbbell Lateral Raise": 0.12, "Dumbbell Rear Delt Fly": 0.1, "One-Arm Dumbbell Row": 0.45,
    "Dumbbell Bicep Curl": 0.2, "Hammer Curl": 0.22, "Overhead Dumbbell Triceps Extension": 0.3, "Goblet Squat": 0.5,
    "Dumbbell Walking Lunge": 0.3, "Bulgarian Split Squat": 0.3, "Dumbbell Romanian Deadlift": 0.45,
    "Dumbbell Step-Up": 0.25, "Arnold Press": 0.25, "Renegade Row": 0.25, "Single-Leg Romanian Deadlift": 0.25,
    "Farmer's Carry": 0.45,
    "Leg Press": 2.5, "Leg Extension": 0.9, "Seated Leg Curl": 0.7, "Machine Chest Press": 1.0, "Pec Deck Fly": 0.7,
    "Machine Shoulder Press": 0.7, "Seated Machine Row": 0.9, "Hack Squat": 1.6, "Standing Calf Raise": 1.3,
    "Hip Abduction Machine": 0.9, "Assisted Pull-Up Machine": 0.45, "Ab Crunch Machine": 0.6,
    "Lat Pulldown": 0.85, "Seated Cable Row": 0.9, "Cable Crossover": 0.3, "Triceps Pushdown": 0.45,
    "Overhead Cable Triceps Extension": 0.35, "Cable Bicep Curl": 0.4, "Face Pull": 0.4, "Cable Woodchopper": 0.3,
    "Pallof Press": 0.25, "Cable Pull-Through": 0.6, "Straight-Arm Pulldown": 0.4,
    "Kettlebell Swing": 0.3, "Kettlebell Goblet Squat": 0.3, "Turkish Get-Up": 0.2, "Kettlebell Clean": 0.25,
    "Kettlebell Snatch": 0.22, "Kettlebell Overhead Press": 0.2, "Kettlebell Halo": 0.12, "Kettlebell Windmill": 0.16,
    "Incline Dumbbell Curl": 0.17, "Concentration Curl": 0.17, "Dumbbell Preacher Curl": 0.17, "EZ-Bar Preacher Curl": 0.4,
    "Dumbbell Skull Crusher": 0.17, "Dumbbell Front Raise": 0.13, "Incline Dumbbell Fly": 0.16, "Good Morning": 0.6,
    "Machine Lateral Raise": 0.35, "Reverse Pec Deck": 0.45, "Lying Leg Curl": 0.6, "Seated Calf Raise": 0.9,
}
DEFAULT_STANDARD = {"BARBELL": 0.6, "DUMBBELL": 0.22, "MACHINE": 0.8, "CABLE": 0.35, "KETTLEBELL": 0.25, "OTHER": 1.2}

# Most reps a fresh intermediate man manages in one set (body weight and band exercises).
REP_STANDARDS: dict[str, int] = {
    "Pull-Up": 10, "Chin-Up": 11, "Push-Up": 35, "Diamond Push-Up": 20, "Pike Push-Up": 15, "Muscle-Up": 4,
    "Handstand Push-Up": 6, "Parallel Bar Dip": 15, "Inverted Row": 15, "Pistol Squat": 8, "Nordic Hamstring Curl": 6,
    "Hanging Leg Raise": 15, "Ab Wheel Rollout": 15, "Box Jump": 15, "Burpees": 20, "Bench Dip": 25, "Crunch": 40,
    "Bicycle Crunch": 40, "Bodyweight Squat": 50, "Reverse Lunge": 30, "Glute Bridge": 40, "Back Extension": 25,
    "Medicine Ball Slam": 25, "Single-Leg Hop and Stick": 10, "Bird Dog": 20, "Dead Bug": 20, "Bosu Ball Squat": 25,
}
DEFAULT_REP_STANDARD = 25

# Longest hold of a fresh intermediate (s); stretches and balance poses are held for a set time.
HOLD_STANDARDS: dict[str, int] = {
    "Plank": 90, "Side Plank": 60, "Hollow Body Hold": 45, "Wall Sit": 75, "Stability Ball Plank": 60,
}
DEFAULT_HOLD_S = 40


def strength_standard(e: ExerciseInfo) -> float:
    return STRENGTH_STANDARDS.get(e.name, DEFAULT_STANDARD.get(e.equipment, 0.5))


# ---- loads a gym really has ------------------------------------------------------------------

# (step, smallest load) in the person's display unit: kg plates of 1.25 per side on a 20 kg bar,
# 5 lb jumps on a 45 lb bar, dumbbells in 2 kg (1 kg when light) or 5 lb pairs, and so on.
_STEPS_KG = {
    "BARBELL": (2.5, 20), "DUMBBELL": (2, 2), "KETTLEBELL": (4, 8), "MACHINE": (5, 5), "CABLE": (2.5, 2.5), "OTHER": (2.5, 20),
}
_STEPS_LB = {
    "BARBELL": (5, 45), "DUMBBELL": (5, 5), "KETTLEBELL": (5, 10), "MACHINE": (10, 10), "CABLE": (5, 5), "OTHER": (5, 45),
}


def load_step(equipment: str, imperial: bool, load: float) -> float:
    steps = _STEPS_LB if imperial else _STEPS_KG
    step, _ = steps.get(equipment, steps["BARBELL"])
    if equipment == "DUMBBELL" and load < (15 if imperial else 10):
        step = 2.5 if imperial else 1  # light dumbbells come in smaller jumps
    return step


def round_load(equipment: str, imperial: bool, load: float, up: bool = False) -> Decimal:
    """The nearest load at or below (or above) `load`, in display units, that the equipment
    offers; never under the lightest one (an empty bar, the smallest dumbbell)."""
    steps = _STEPS_LB if imperial else _STEPS_KG
    _, smallest = steps.get(equipment, steps["BARBELL"])
    step = load_step(equipment, imperial, load)
    count = (math.ceil if up else math.floor)(load / step + (-1e-9 if up else 1e-9))
    value = max(smallest, count * step)
    return Decimal(str(value)).normalize() if value != int(value) else Decimal(int(value))


# ---- people's own exercises ------------------------------------------------------------------

# (name, primary muscle, secondary muscles, equipment, type, difficulty, MET, distance, time, day kinds)
CUSTOM_TEMPLATES = [
    ("Landmine Press", "SHOULDERS", ("CHEST", "TRICEPS"), "BARBELL", "STRENGTH", 2, 5.0, False, False, ("upper", "push", "full")),
    ("Trap Bar Deadlift", "LEGS", ("BACK", "GLUTES"), "BARBELL", "STRENGTH", 2, 6.0, False, False, ("lower", "legs", "full")),
    ("Cable Lateral Raise", "SHOULDERS", (), "CABLE", "STRENGTH", 1, 3.5, False, False, ("upper", "push")),
    ("Dumbbell Pullover", "CHEST", ("BACK",), "DUMBBELL", "STRENGTH", 2, 3.5, False, False, ("upper", "push", "full")),
    ("Kettlebell Deadlift", "LEGS", ("GLUTES", "BACK"), "KETTLEBELL", "STRENGTH", 1, 5.0, False, False,
     ("full", "lower", "circuit")),
    ("Towel Door Row", "BACK", ("BICEPS",), "NONE", "STRENGTH", 1, 3.0, False, False, ("full", "circuit", "upper", "pull")),
    ("Stair Sprints", "LEGS", ("GLUTES",), "NONE", "CARDIO", 3, 9.0, False, True, ("cardio", "run", "circuit")),
    ("Rucking", "FULL_BODY", ("LEGS",), "NONE", "CARDIO", 2, 6.5, True, True, ("cardio", "run", "mobility")),
    ("Band Face Pull", "SHOULDERS", ("BACK",), "BANDS", "STRENGTH", 1, 2.8, False, False, ("upper", "pull", "full", "circuit")),
]


def custom_exercise(template: tuple, owner_index: int) -> ExerciseInfo:
    name, muscle, secondary, equipment, kind, difficulty, met, distance, timed, _ = template
    return ExerciseInfo(
        name=name, equipment=equipment, exercise_type=kind, primary_muscle=muscle, is_distance_based=distance,
        is_time_based=timed, met=met, difficulty=difficulty, owner_index=owner_index, secondary_muscles=secondary,
        description=f"My own variation: {name.lower()}.",
    )
