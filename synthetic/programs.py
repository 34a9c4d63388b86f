"""Training programs: which kinds of day a person rotates through (full body, upper/lower,
push/pull/legs, running plans, cardio and circuits), and which exercises fill each day.

A day is a list of slots (a movement such as "squat" or "vertical pull" with candidate exercises
in order of preference). A person picks one candidate per slot among the exercises their
equipment allows, keeps it, changes accessories (and sometimes bigger lifts) each training block,
and now and then does another candidate of a slot, or an extra exercise, on the day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from synthetic.catalog import (
    CUSTOM_TEMPLATES,
    Catalog,
    ExerciseInfo,
    custom_exercise,
)
from synthetic.people import Person

# Slot roles: how an exercise is programmed (sets, reps, warm-ups, rest).
MAIN, SECONDARY, ACCESSORY, CORE, CONDITIONING, CARDIO, MOBILITY = (
    "main", "secondary", "accessory", "core", "conditioning", "cardio", "mobility",
)
RUN_EASY, RUN_TEMPO, RUN_INTERVALS, RUN_LONG, RUN_WARMUP = "run_easy", "run_tempo", "run_intervals", "run_long", "run_warmup"
SWAPPABLE = frozenset({ACCESSORY, CORE, CONDITIONING, MOBILITY, CARDIO})
RUN_ROLES = frozenset({RUN_EASY, RUN_TEMPO, RUN_INTERVALS, RUN_LONG, RUN_WARMUP})

# Movement patterns, most typical gym choice first; equipment filtering finds home alternatives.
SQUAT = ("Barbell Back Squat", "Barbell Front Squat", "Hack Squat", "Leg Press", "Goblet Squat",
         "Kettlebell Goblet Squat", "Bulgarian Split Squat", "Bodyweight Squat", "Reverse Lunge")
HINGE = ("Conventional Deadlift", "Sumo Deadlift", "Romanian Deadlift", "Dumbbell Romanian Deadlift",
         "Kettlebell Swing", "Single-Leg Romanian Deadlift", "Glute Bridge")
HINGE_LIGHT = ("Romanian Deadlift", "Barbell Hip Thrust", "Dumbbell Romanian Deadlift", "Cable Pull-Through",
               "Kettlebell Swing", "Glute Bridge", "Nordic Hamstring Curl", "Back Extension", "Good Morning")
PRESS = ("Barbell Bench Press", "Dumbbell Bench Press", "Machine Chest Press", "Push-Up", "Resistance Band Chest Press")
PRESS_INCLINE = ("Incline Dumbbell Press", "Incline Barbell Bench Press", "Machine Chest Press", "Parallel Bar Dip",
                 "Diamond Push-Up", "Push-Up")
PRESS_OVERHEAD = ("Barbell Overhead Press", "Dumbbell Shoulder Press", "Machine Shoulder Press",
                  "Kettlebell Overhead Press", "Arnold Press", "Pike Push-Up")
ROW = ("Barbell Bent-Over Row", "Seated Cable Row", "One-Arm Dumbbell Row", "Seated Machine Row",
       "Resistance Band Row", "Inverted Row")
PULL_DOWN = ("Pull-Up", "Lat Pulldown", "Chin-Up", "Assisted Pull-Up Machine", "Straight-Arm Pulldown",
             "Resistance Band Row")
LEGS_EXTRA = ("Leg Extension", "Seated Leg Curl", "Dumbbell Walking Lunge", "Bulgarian Split Squat",
              "Dumbbell Step-Up", "Reverse Lunge", "Wall Sit", "Lying Leg Curl")
CALVES = ("Standing Calf Raise", "Seated Calf Raise")
# Accessories have many variants: the later ones are rarely in a program, but come up when
# accessories change or are swapped on the day.
BICEPS = ("Dumbbell Bicep Curl", "Barbell Curl", "Hammer Curl", "Cable Bicep Curl", "Resistance Band Bicep Curl",
          "Incline Dumbbell Curl", "Concentration Curl", "Dumbbell Preacher Curl", "EZ-Bar Preacher Curl")
TRICEPS = ("Triceps Pushdown", "Overhead Dumbbell Triceps Extension", "EZ-Bar Skull Crusher",
           "Overhead Cable Triceps Extension", "Bench Dip", "Diamond Push-Up", "Band Overhead Triceps Extension",
           "Dumbbell Skull Crusher", "Close-Grip Bench Press")
SHOULDERS_EXTRA = ("Dumbbell Lateral Raise", "Face Pull", "Dumbbell Rear Delt Fly", "Band Pull-Apart", "Kettlebell Halo",
                   "Machine Lateral Raise", "Reverse Pec Deck", "Dumbbell Front Raise")
CHEST_EXTRA = ("Cable Crossover", "Pec Deck Fly", "Dumbbell Fly", "Push-Up", "Incline Dumbbell Fly")
GLUTES = ("Barbell Hip Thrust", "Hip Abduction Machine", "Glute Bridge", "Banded Lateral Walk", "Banded Clamshell")
ABS = ("Plank", "Hanging Leg Raise", "Ab Wheel Rollout", "Cable Woodchopper", "Dead Bug", "Crunch",
       "Bicycle Crunch", "Side Plank", "Pallof Press", "Hollow Body Hold", "Ab Crunch Machine", "Sit-Up", "Lying Leg Raise")
CONDITIONING_MOVES = ("Kettlebell Swing", "Burpees", "Mountain Climbers", "Jumping Jacks", "High Knees", "Jump Rope",
                      "Battle Ropes", "Box Jump", "Medicine Ball Slam", "Air Bike Intervals", "Farmer's Carry")
STEADY_CARDIO = ("Incline Treadmill Walking", "Elliptical Trainer", "Stationary Bike", "Rowing Machine",
                 "Treadmill Walking", "Stair Climber", "Outdoor Walking", "Outdoor Running", "Outdoor Cycling",
                 "Hiking", "Indoor Cycling Class", "Breaststroke Swimming", "Freestyle Swimming")
STRETCHES = ("Standing Hamstring Stretch", "World's Greatest Stretch", "Kneeling Hip Flexor Stretch", "Pigeon Pose",
             "Cat-Cow Stretch", "Downward-Facing Dog", "Child's Pose", "Cobra Pose", "Butterfly Stretch",
             "Figure-Four Stretch", "Supine Spinal Twist", "Doorway Chest Stretch", "Cross-Body Shoulder Stretch",
             "Standing Quad Stretch", "Seated Forward Fold", "Foam Roll Quadriceps", "Foam Roll Upper Back",
             "Foam Roll IT Band", "Overhead Triceps Stretch", "Banded Hamstring Stretch")
BALANCE = ("Single-Leg Stand", "Tree Pose", "Bird Dog", "Warrior III", "Eagle Pose", "Half Moon Pose",
           "Heel-to-Toe Walk", "Bosu Single-Leg Balance", "Stability Ball Plank", "Single-Leg Hop and Stick")
RUNS = ("Outdoor Running", "Treadmill Running", "Trail Running")
INTERVALS = ("Sprint Intervals",)


@dataclass(frozen=True, slots=True)
class Slot:
    role: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayType:
    title: str
    kind: str  # upper, lower, full, push, pull, legs, circuit, cardio, run, mobility
    slots: tuple[Slot, ...]


DAY_TYPES: dict[str, DayType] = {
    "full_a": DayType("Full Body A", "full", (Slot(MAIN, SQUAT), Slot(MAIN, PRESS), Slot(SECONDARY, ROW),
                                               Slot(ACCESSORY, HINGE_LIGHT), Slot(ACCESSORY, TRICEPS), Slot(CORE, ABS))),
    "full_b": DayType("Full Body B", "full", (Slot(MAIN, HINGE), Slot(MAIN, PRESS_OVERHEAD), Slot(SECONDARY, PULL_DOWN),
                                               Slot(ACCESSORY, LEGS_EXTRA), Slot(ACCESSORY, BICEPS), Slot(CORE, ABS))),
    "upper_a": DayType("Upper A", "upper", (Slot(MAIN, PRESS), Slot(MAIN, ROW), Slot(SECONDARY, PRESS_OVERHEAD),
                                            Slot(SECONDARY, PULL_DOWN), Slot(ACCESSORY, BICEPS), Slot(ACCESSORY, TRICEPS))),
    "upper_b": DayType("Upper B", "upper", (Slot(MAIN, PRESS_OVERHEAD), Slot(MAIN, PULL_DOWN), Slot(SECONDARY, PRESS_INCLINE),
                                            Slot(SECONDARY, ROW), Slot(ACCESSORY, SHOULDERS_EXTRA), Slot(ACCESSORY, BICEPS))),
    "lower_a": DayType("Lower A", "lower", (Slot(MAIN, SQUAT), Slot(SECONDARY, HINGE_LIGHT), Slot(ACCESSORY, LEGS_EXTRA),
                                            Slot(ACCESSORY, CALVES), Slot(CORE, ABS))),
    "lower_b": DayType("Lower B", "lower", (Slot(MAIN, HINGE), Slot(SECONDARY, SQUAT[2:]), Slot(ACCESSORY, LEGS_EXTRA),
                                            Slot(ACCESSORY, GLUTES), Slot(CORE, ABS))),
    "push": DayType("Push Day", "push", (Slot(MAIN, PRESS), Slot(SECONDARY, PRESS_OVERHEAD), Slot(SECONDARY, PRESS_INCLINE),
                                         Slot(ACCESSORY, SHOULDERS_EXTRA), Slot(ACCESSORY, TRICEPS),
                                         Slot(ACCESSORY, CHEST_EXTRA))),
    "pull": DayType("Pull Day", "pull", (Slot(MAIN, ROW), Slot(SECONDARY, PULL_DOWN), Slot(ACCESSORY, BICEPS),
                                         Slot(ACCESSORY, SHOULDERS_EXTRA[1:]), Slot(ACCESSORY, BICEPS[2:]), Slot(CORE, ABS))),
    "legs": DayType("Leg Day", "legs", (Slot(MAIN, SQUAT), Slot(SECONDARY, HINGE_LIGHT), Slot(ACCESSORY, LEGS_EXTRA),
                                        Slot(ACCESSORY, LEGS_EXTRA[1:]), Slot(ACCESSORY, CALVES), Slot(CORE, ABS))),
    "circuit": DayType("Circuit", "circuit", (Slot(SECONDARY, SQUAT[4:]), Slot(SECONDARY, PRESS[1:]), Slot(SECONDARY, ROW[2:]),
                                              Slot(CONDITIONING, CONDITIONING_MOVES), Slot(CONDITIONING, CONDITIONING_MOVES),
                                              Slot(CORE, ABS))),
    "cardio": DayType("Cardio", "cardio", (Slot(CARDIO, STEADY_CARDIO), Slot(CORE, ABS))),
    "cardio_mix": DayType("Cardio & Core", "cardio", (Slot(CARDIO, STEADY_CARDIO), Slot(CONDITIONING, CONDITIONING_MOVES),
                                                      Slot(CORE, ABS), Slot(MOBILITY, STRETCHES))),
    "mobility": DayType("Mobility", "mobility", (Slot(MOBILITY, STRETCHES), Slot(MOBILITY, STRETCHES), Slot(MOBILITY, STRETCHES),
                                                 Slot(MOBILITY, STRETCHES), Slot(MOBILITY, BALANCE), Slot(MOBILITY, BALANCE))),
    "run_easy": DayType("Easy Run", "run", (Slot(RUN_EASY, RUNS),)),
    "run_tempo": DayType("Tempo Run", "run", (Slot(RUN_TEMPO, RUNS),)),
    "run_intervals": DayType("Intervals", "run", (Slot(RUN_WARMUP, RUNS[:2]), Slot(RUN_INTERVALS, INTERVALS),
                                                  Slot(MOBILITY, STRETCHES))),
    "run_long": DayType("Long Run", "run", (Slot(RUN_LONG, RUNS),)),
}

RUN_WEEKS = {
    2: ("run_easy", "run_long"),
    3: ("run_easy", "run_tempo", "run_long"),
    4: ("run_easy", "run_intervals", "run_easy", "run_long"),
    5: ("run_easy", "run_tempo", "run_easy", "run_intervals", "run_long"),
    6: ("run_easy", "run_tempo", "run_easy", "run_intervals", "run_easy", "run_long"),
}


@dataclass(frozen=True, slots=True)
class Split:
    name: str
    day_types: tuple[str, ...]
    # Weekly splits map the n-th training day of each week to the n-th day type (a running plan
    # puts its long run on the last day); the others rotate, picking up where they left off.
    weekly: bool


def choose_split(person: Person, rng: random.Random) -> Split:
    goal, level, n = person.fitness_goal, person.experience, person.sessions_per_week
    if goal == "endurance":
        week = list(RUN_WEEKS[n])
        if person.access == "gym" and n >= 4 and rng.random() < 0.6:
            week[2] = "full_a"  # a strength day for runners who have a gym
        return Split("running plan", tuple(week), weekly=True)
    if person.access == "bodyweight" and goal in ("weight_loss", "general_fitness"):
        return Split("circuits and cardio", ("circuit", "cardio_mix", "circuit", "mobility"), weekly=False)
    if goal == "weight_loss":
        return Split("strength and cardio", ("full_a", "cardio", "full_b", "cardio_mix"), weekly=False)
    if goal == "general_fitness":
        return Split("general fitness", ("full_a", "cardio_mix", "full_b", "mobility"), weekly=False)
    if level == "beginner" or n <= 3 and goal == "strength":
        return Split("full body", ("full_a", "full_b"), weekly=False)
    if goal == "muscle_gain" and (n == 3 or n >= 5):
        return Split("push/pull/legs", ("push", "pull", "legs"), weekly=False)
    return Split("upper/lower", ("upper_a", "lower_a", "upper_b", "lower_b"), weekly=False)


def max_difficulty(person: Person) -> int:
    return {"beginner": 3, "intermediate": 4, "advanced": 5}[person.experience]


@dataclass
class Program:
    """A person's split and the exercise chosen for each slot of each day type."""

    split: Split
    days: dict[str, list[tuple[Slot, ExerciseInfo]]] = field(default_factory=dict)
    custom: list[ExerciseInfo] = field(default_factory=list)


def _candidates(person: Person, catalog: Catalog, slot: Slot, taken: set[str]) -> list[ExerciseInfo]:
    # Anyone may run intervals; elsewhere beginners keep to exercises of moderate difficulty.
    cap = 5 if slot.role in RUN_ROLES else max_difficulty(person)
    found = []
    for name in slot.candidates:
        e = catalog.get(name)
        if e is not None and name not in taken and person.can_use(e.equipment) and e.difficulty <= cap:
            found.append(e)
    return found


def _pick_candidate(person: Person, slot: Slot, options: list[ExerciseInfo], rng: random.Random) -> ExerciseInfo:
    # Strength people stick to the classic barbell lift for their main slots; others vary more.
    decay = 0.2 if slot.role == MAIN and person.fitness_goal == "strength" else 0.55
    if slot.role in (MOBILITY, CONDITIONING, CARDIO):
        decay = 0.85
    weights = [decay**k for k in range(len(options))]
    return rng.choices(options, weights=weights)[0]


def fill_day(person: Person, catalog: Catalog, day_type: str, rng: random.Random) -> list[tuple[Slot, ExerciseInfo]]:
    chosen: list[tuple[Slot, ExerciseInfo]] = []
    taken: set[str] = set()
    for slot in DAY_TYPES[day_type].slots:
        options = _candidates(person, catalog, slot, taken)
        if options:
            exercise = _pick_candidate(person, slot, options, rng)
            chosen.append((slot, exercise))
            taken.add(exercise.name)
    return chosen


def build_program(person: Person, catalog: Catalog, rng: random.Random) -> Program:
    split = choose_split(person, rng)
    program = Program(split=split)
    for day_type in dict.fromkeys(split.day_types):  # unique, in order
        program.days[day_type] = fill_day(person, catalog, day_type, rng)
    # About one person in eight adds an exercise of their own to one of their days.
    if rng.random() < 0.13:
        kinds = {DAY_TYPES[d].kind: d for d in program.days}
        fitting = [t for t in CUSTOM_TEMPLATES if person.can_use(t[3]) and any(k in kinds for k in t[9])]
        if fitting:
            template = rng.choice(fitting)
            exercise = custom_exercise(template, person.index)
            day_type = next(kinds[k] for k in template[9] if k in kinds)
            # Timed cardio of one's own (stair sprints) is done in short rounds; the rest as usual.
            role = ACCESSORY if template[4] != "CARDIO" else CARDIO if exercise.is_distance_based else CONDITIONING
            program.days[day_type].append((Slot(role, (exercise.name,)), exercise))
            program.custom.append(exercise)
    return program


# Chance that an exercise changes at the start of a training block, by slot role: real lifters'
# logs hold twice the distinct exercises a fixed program would, mostly accessories changing.
VARY_CHANCE = {MAIN: 0.25, SECONDARY: 0.6}
VARY_CHANCE_SWAPPABLE = 0.8
LIFTING_KINDS = frozenset({"full", "upper", "lower", "push", "pull", "legs"})


def vary_exercises(person: Person, catalog: Catalog, program: Program, rng: random.Random) -> None:
    """At the start of a new training block, accessories often change, secondary lifts sometimes,
    main lifts rarely; a person's own exercises stay."""
    for chosen in program.days.values():
        taken = {e.name for _, e in chosen}
        for i, (slot, exercise) in enumerate(chosen):
            chance = VARY_CHANCE_SWAPPABLE if slot.role in SWAPPABLE else VARY_CHANCE.get(slot.role, 0.0)
            if exercise.owner_index is not None or rng.random() >= chance:
                continue
            options = _candidates(person, catalog, slot, taken)
            if options:
                new = rng.choice(options) if slot.role in SWAPPABLE else _pick_candidate(person, slot, options, rng)
                taken.discard(exercise.name)
                taken.add(new.name)
                chosen[i] = (slot, new)


def one_off(person: Person, catalog: Catalog, day_type: str, taken: set[str], rng: random.Random) -> tuple[Slot, ExerciseInfo] | None:
    """An exercise added to a lifting session on the day (a machine was free, a friend's idea):
    from the other slots of any lifting day, done as an accessory."""
    if DAY_TYPES[day_type].kind not in LIFTING_KINDS:
        return None
    pool = [s for d in DAY_TYPES.values() if d.kind in LIFTING_KINDS for s in d.slots if s.role != MAIN]
    slot = rng.choice(pool)
    options = _candidates(person, catalog, slot, taken)
    if not options:
        return None
    return Slot(ACCESSORY, slot.candidates), rng.choice(options)


# Chance that an exercise of the program is done as another candidate of its slot on the day (the
# machine is taken, a change of pace), by slot role: real lifters repeat a whole session far less
# often than their program alone would make them.
SWAP_ON_THE_DAY = {SECONDARY: 0.05, ACCESSORY: 0.1, CORE: 0.1}


def swap_on_the_day(person: Person, catalog: Catalog, chosen: list[tuple[Slot, ExerciseInfo]], rng: random.Random) -> list[tuple[Slot, ExerciseInfo]]:
    """The day's exercises: the program's, with now and then one done as another of its slot's
    candidates (a person's own exercises stay)."""
    taken = {e.name for _, e in chosen}
    day = []
    for slot, exercise in chosen:
        if exercise.owner_index is None and rng.random() < SWAP_ON_THE_DAY.get(slot.role, 0.0):
            options = _candidates(person, catalog, slot, taken)
            if options:
                exercise = rng.choice(options)
                taken.add(exercise.name)
        day.append((slot, exercise))
    return day
