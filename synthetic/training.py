"""A person's training history, simulated day by day.

Strength follows a simple physical model: each lift has a latent one-rep max that grows with
training (fast for beginners, slowly for advanced lifters) and fades during long breaks; an
exercise new to the person is also learned over its first sessions, so its loads climb fast. The
program picks a working load in real plate steps; the reps a set achieves follow from Epley's
relation between load and 1RM, minus fatigue from earlier sets. So RPE rises across sets, a load
that outpaces strength produces missed reps, repeated misses trigger a reset, and deload weeks
lighten the load every few weeks for intermediate and advanced lifters.

Runs and other cardio follow a pace that improves with fitness; long runs build up week by week.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from api.enums import SetType, UnitSystem, WorkoutStatus
from pulse.formulas import reps_at_weight, weight_for_reps
from pulse.units import Quantity, to_si
from synthetic.catalog import (
    DEFAULT_HOLD_S,
    DEFAULT_REP_STANDARD,
    HOLD_STANDARDS,
    REP_STANDARDS,
    Catalog,
    ExerciseInfo,
    Measure,
    load_step,
    round_load,
    strength_standard,
)
from synthetic.people import HISTORY, Person, person_rng
from synthetic.programs import (
    ACCESSORY,
    CARDIO,
    CONDITIONING,
    CORE,
    DAY_TYPES,
    MAIN,
    MOBILITY,
    RUN_EASY,
    RUN_INTERVALS,
    RUN_LONG,
    RUN_ROLES,
    RUN_TEMPO,
    RUN_WARMUP,
    SECONDARY,
    Program,
    Slot,
    build_program,
    one_off,
    swap_on_the_day,
    vary_exercises,
)
from synthetic.records import EntryRecord, SetRecord, Window, WorkoutRecord

NORMAL, WARMUP, FAILURE, DROP = (t.value for t in (SetType.normal, SetType.warmup, SetType.failure, SetType.drop))

# Weekly relative strength gain while training regularly (beginners: at the start, then less).
STRENGTH_GAIN = {"beginner": 0.04, "intermediate": 0.0035, "advanced": 0.0012}
ENDURANCE_GAIN = {"beginner": 0.008, "intermediate": 0.003, "advanced": 0.001}
# How far strength and fitness can still grow (multiples of where a person started): gains slow
# down on the way there, so ten simulated years do not produce superhumans.
STRENGTH_CEILING = {"beginner": 2.0, "intermediate": 1.3, "advanced": 1.12}
FITNESS_CEILING = {"beginner": 1.35, "intermediate": 1.15, "advanced": 1.06}
# Reps lost per set to fatigue, by slot role (long rests between heavy sets recover more).
FATIGUE = {MAIN: 0.5, SECONDARY: 0.8, ACCESSORY: 1.0, CORE: 1.0, CONDITIONING: 1.2}
REST_SECONDS = {MAIN: 180, SECONDARY: 120, ACCESSORY: 75, CORE: 45, CONDITIONING: 40, MOBILITY: 15}
# A lift new to a person starts at this share of what their strength allows and closes this share
# of the gap each session: the first weeks of a new exercise are learning, and loads climb fast.
NEW_LIFT_SKILL, SKILL_LEARNED_PER_SESSION = (0.8, 0.9), 0.3
# How many clean sessions before adding load, by experience.
SESSIONS_PER_STEP = {"beginner": 1, "intermediate": 2, "advanced": 3}
# Easy running pace (s/km) of an intermediate man; a person's endurance level scales it.
EASY_PACE_S_PER_KM = 345.0
EASY_RUN_KM = {"beginner": 3.5, "intermediate": 6.0, "advanced": 9.0}
LONG_RUN_CAP_KM = {"beginner": 12.0, "intermediate": 21.0, "advanced": 30.0}
# Typical speeds (km/h) of an intermediate on steady cardio; runs use the person's pace instead.
CARDIO_SPEED_KMH = {
    "Treadmill Walking": 5.4, "Incline Treadmill Walking": 4.7, "Outdoor Walking": 5.2, "Hiking": 4.0,
    "Stationary Bike": 24.0, "Outdoor Cycling": 25.0, "Rowing Machine": 12.0, "Freestyle Swimming": 2.4,
    "Breaststroke Swimming": 2.0, "Rucking": 5.5,
}
RUNNING = ("Outdoor Running", "Treadmill Running", "Trail Running", "Sprint Intervals")
WORKOUT_NOTES = ("Felt strong today", "Tired after a long day", "Short on time", "Great session",
                 "Knee a bit sore, went easy", "Gym was busy", "Slept badly", "New playlist helped")


@dataclass(slots=True)
class Lift:
    """Program state of one exercise for one person."""

    exercise: ExerciseInfo
    role: str
    sets: int
    low: int  # rep range (seconds for holds, minutes for steady cardio)
    high: int
    reps: int  # current target within the range
    base: float  # latent capacity when the person started: 1RM kg, max reps, or longest hold (s)
    load: Decimal | None = None  # working load in the person's display unit (kg or lb)
    successes: int = 0
    misses: int = 0
    best_load: Decimal | None = None  # the heaviest working load so far
    skill: float = 1.0  # multiplies the 1RM: below 1 while the exercise is new to the person


def reps_in_the_tank(one_rep_max_kg: float, load_kg: float) -> float:
    """How many reps a fresh lifter can do with `load_kg` (at most 60; half a rep for a grind)."""
    if load_kg <= 0:
        return 60.0
    ratio = one_rep_max_kg / load_kg
    if ratio <= 1:
        return 1.0 if ratio >= 0.98 else 0.5
    return min(60.0, reps_at_weight(one_rep_max_kg, load_kg))


_HALF_POINTS = {half / 2: Decimal(str(half / 2)) for half in range(2, 21)}


def round_rpe(value: float, lowest: float = 5.0) -> Decimal:
    """People report RPE in half points; lifting sets rarely get less than 5, easy cardio may."""
    return _HALF_POINTS[min(10.0, max(lowest, round(value * 2) / 2))]


class Simulator:
    """Simulates one person's workouts from the day they join until the end of the window (and
    the plans they have made for the coming week)."""

    def __init__(self, seed: int, person: Person, catalog: Catalog, window: Window) -> None:
        self.person = person
        self.imperial = person.unit_system == UnitSystem.imperial
        self.logs_rpe = person.logs_rpe
        self.rpe_noise = 0.6 if person.experience == "beginner" else 0.3  # beginners judge effort less well
        self.window = window
        self.catalog = catalog
        self.rng = person_rng(seed, person.index, HISTORY)
        self.program: Program = build_program(person, catalog, self.rng)
        # Lifters who trained before joining know the exercises of the program they came with.
        self.familiar = set() if person.experience == "beginner" else {e.name for day in self.program.days.values() for _, e in day}
        self.lifts: dict[str, Lift] = {}
        self.strength = 1.0  # multiplies every latent 1RM and rep capacity
        self.fitness = 1.0  # multiplies running and cardio speed
        self.last_session: int | None = None
        self.rotation = 0
        self.block_start = person.joined_day
        self.block_weeks = self._block_length()
        self.stalled = False
        self.easy_km = EASY_RUN_KM[person.experience] * self.rng.uniform(0.8, 1.2)
        self.long_km = self.easy_km * 1.6
        self.long_runs = 0
        self.workouts: list[WorkoutRecord] = []

    # ---- the day loop ---------------------------------------------------------------------

    def run(self) -> list[WorkoutRecord]:
        p, w, rng = self.person, self.window, self.rng
        last_day = w.days - 1
        # People who plan in the app have next week's sessions scheduled already.
        horizon = last_day + 7 if p.planner and p.churn_day is None else last_day
        for day in range(p.joined_day, horizon + 1):
            if p.churn_day is not None and day >= p.churn_day:
                break
            self._adapt(day)
            self._next_block_if_due(day)
            weekday = w.day(day).weekday()
            if weekday not in p.training_days or p.on_break(day):
                continue
            day_type = self._day_type(weekday)
            start = w.at(day, self._start_hour(weekday))
            if start <= p.joined_at:
                continue
            planned_for = w.at(day, round(p.preferred_hour * 2) / 2) if p.planner else None
            if day > last_day or start >= w.now:
                if p.planner:
                    self.workouts.append(self._planned(day_type, day, planned_for, WorkoutStatus.scheduled))
                    self._advance_rotation()
                continue
            if rng.random() >= self._adherence(day):
                if p.planner:  # a skipped plan is usually cancelled, sometimes just left there
                    status = WorkoutStatus.cancelled if rng.random() < 0.7 else WorkoutStatus.scheduled
                    self.workouts.append(self._planned(day_type, day, planned_for, status))
                continue
            self.workouts.append(self._session(day_type, day, start, planned_for))
            self._advance_rotation()
            self.last_session = day
        return self.workouts

    def _adherence(self, day: int) -> float:
        p = self.person
        decay = math.exp(-(day - p.joined_day) / p.adherence_days)
        chance = p.adherence_floor + (p.adherence_start - p.adherence_floor) * decay
        # Right after a break, motivation is shaky for a week.
        if any(0 < day - last <= 7 for _, last in p.breaks):
            chance *= 0.75
        return chance

    def _adapt(self, day: int) -> None:
        """Daily change of strength and fitness: gains while training, losses when not."""
        if self.last_session is None:
            return
        idle = day - self.last_session
        p = self.person
        if idle <= 9:
            if self.stalled:
                return
            weeks = (day - p.joined_day) / 7
            gain = STRENGTH_GAIN[p.experience]
            if p.experience == "beginner":  # newcomer gains fade over the first months
                gain = gain * math.exp(-weeks / 12) + 0.004
            strength_room = max(0.0, 1 - (self.strength - 1) / (STRENGTH_CEILING[p.experience] - 1))
            fitness_room = max(0.0, 1 - (self.fitness - 1) / (FITNESS_CEILING[p.experience] - 1))
            self.strength *= 1 + gain * p.talent * strength_room / 7
            self.fitness *= 1 + ENDURANCE_GAIN[p.experience] * p.talent * fitness_room / 7
        elif idle > 14:
            self.strength *= 1 - 0.012 / 7
            self.fitness *= 1 - 0.008 / 7

    def _block_length(self) -> int:
        return 6 if self.person.experience == "beginner" else self.rng.randint(4, 8)

    def _next_block_if_due(self, day: int) -> None:
        if day - self.block_start < 7 * self.block_weeks:
            return
        self.block_start = day
        self.block_weeks = self._block_length()
        vary_exercises(self.person, self.catalog, self.program, self.rng)
        # Now and then a whole block brings no progress: a plateau.
        self.stalled = self.rng.random() < (0.1 if self.person.experience == "beginner" else 0.22)

    def _deload(self, day: int) -> bool:
        """Intermediate and advanced lifters who deload take the last week of each block lighter."""
        return self.person.deloads and day >= self.block_start + 7 * (self.block_weeks - 1)

    def _day_type(self, weekday: int) -> str:
        split = self.program.split
        if split.weekly:
            position = sorted(self.person.training_days).index(weekday)
            return split.day_types[position % len(split.day_types)]
        return split.day_types[self.rotation % len(split.day_types)]

    def _advance_rotation(self) -> None:
        self.rotation += 1

    def _start_hour(self, weekday: int) -> float:
        p, rng = self.person, self.rng
        if weekday >= 5 and p.preferred_hour > 11:  # weekend sessions drift to the morning
            return min(20.0, max(7.0, rng.gauss(10.0, 1.3)))
        return min(22.5, max(5.0, p.preferred_hour + rng.gauss(0, 0.4)))

    # ---- one session ----------------------------------------------------------------------

    def _session(self, day_type: str, day: int, start: datetime, planned_for: datetime | None) -> WorkoutRecord:
        p, rng, now = self.person, self.rng, self.window.now
        form = rng.gauss(1.0, 0.03)  # a good or a bad day, the same for the whole session
        deload = self._deload(day)
        clock = start
        entries: list[EntryRecord] = []
        planned = swap_on_the_day(p, self.catalog, self.program.days[day_type], rng)
        if rng.random() < p.one_off_chance:
            extra = one_off(p, self.catalog, day_type, {e.name for _, e in planned}, rng)
            if extra is not None:
                planned.insert(rng.randint(1, len(planned)), extra)
        for slot, exercise in planned:
            optional = slot.role in (ACCESSORY, CORE, MOBILITY, CONDITIONING) and len(entries) >= 2
            if optional and rng.random() < 0.15:
                continue  # dropped an extra exercise when short on time
            entry = EntryRecord(exercise=exercise, position=len(entries) + 1, role=slot.role)
            entries.append(entry)
            if optional and rng.random() < 0.02:
                self._targets(entry, slot, day)  # on the plan but not done: no sets
                continue
            clock = self._perform(entry, slot, day, clock, form, deload)
            clock += timedelta(seconds=45 + int(rng.random() * (240 - 45 + 1)))
        completed = clock + timedelta(seconds=30 + int(rng.random() * (360 - 30 + 1)))

        planner = p.planner
        workout = WorkoutRecord(name=DAY_TYPES[day_type].title, status=WorkoutStatus.completed.value, created_at=completed,
                                scheduled_for=planned_for, started_at=start, completed_at=completed, entries=entries)
        if planner:  # planned a day or three ahead, then logged live
            workout.created_at = self._plan_time(planned_for or start)
        if rng.random() < (0.2 if planner else 0.85):  # offline uploads from the phone carry a client id
            workout.client_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if rng.random() < 0.05:
            workout.notes = rng.choice(WORKOUT_NOTES)
        for entry in entries:
            for s in entry.sets:
                s.created_at = s.completed_at if planner else completed

        if completed > now:  # still going at the end of the simulated time
            workout.status = WorkoutStatus.in_progress.value
            workout.completed_at = None
            workout.created_at = min(workout.created_at, start)
            for entry in entries:
                entry.sets = [s for s in entry.sets if s.completed_at <= now]
                for s in entry.sets:
                    s.created_at = s.completed_at
        return workout

    def _plan_time(self, planned_for: datetime) -> datetime:
        moment = planned_for - timedelta(minutes=self.rng.randint(60, 72 * 60))
        return max(moment, self.person.joined_at).replace(microsecond=0)

    def _planned(self, day_type: str, day: int, planned_for: datetime | None, status: WorkoutStatus) -> WorkoutRecord:
        planned_for = planned_for or self.window.at(day, self.person.preferred_hour)
        created = self._plan_time(planned_for)
        if created >= self.window.now:  # a plan for the coming days, made just before now
            created = max(self.person.joined_at, self.window.now - timedelta(minutes=self.rng.randint(5, 3 * 24 * 60)))
        entries = []
        for slot, exercise in self.program.days[day_type]:
            entry = EntryRecord(exercise=exercise, position=len(entries) + 1, role=slot.role)
            self._targets(entry, slot, day)
            entries.append(entry)
        return WorkoutRecord(name=DAY_TYPES[day_type].title, status=status.value, created_at=created,
                             scheduled_for=planned_for, entries=entries)

    # ---- exercises ------------------------------------------------------------------------

    def _perform(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime, form: float, deload: bool) -> datetime:
        measure = entry.exercise.measure
        if slot.role in RUN_ROLES:
            return self._run(entry, slot, clock, deload)
        if measure == Measure.WEIGHTED:
            return self._weighted(entry, slot, day, clock, form, deload)
        if measure == Measure.REPS:
            return self._reps(entry, slot, day, clock, form)
        if measure == Measure.HOLD:
            return self._hold(entry, slot, day, clock, form)
        if slot.role == CARDIO or measure == Measure.DISTANCE_TIME:
            return self._steady(entry, slot, day, clock, deload)
        return self._conditioning(entry, slot, day, clock)

    def _add_set(self, entry: EntryRecord, clock: datetime, set_type: str = NORMAL, reps: int | None = None,
                 weight: Decimal | None = None, duration: int | None = None, distance: Decimal | None = None,
                 rpe: Decimal | None = None) -> None:
        entry.sets.append(SetRecord(len(entry.sets) + 1, set_type, reps, weight, duration, distance, rpe, clock, clock))

    def _rpe(self, reps_left: float, lowest: float = 5.0) -> Decimal | None:
        """RPE as the person would log it (10 minus reps in reserve, with their own noise)."""
        if not self.logs_rpe or self.rng.random() < 0.08:
            return None
        return round_rpe(10 - reps_left + self.rng.gauss(0, self.rpe_noise), lowest)

    def _kg(self, display_load: Decimal) -> Decimal:
        """A load typed in the person's unit, stored in kg exactly as the API would store it."""
        if not self.imperial:
            return display_load
        return to_si(display_load, Quantity.weight, UnitSystem.imperial)

    def _distance(self, meters: float) -> Decimal:
        """A distance as logged: GPS metres to 10 m, or miles to two (three when short) decimals."""
        if not self.imperial:
            return Decimal(int(round(meters / 10) * 10)) if meters >= 100 else Decimal(max(1, round(meters)))
        miles = meters / 1609.344
        typed = f"{miles:.2f}" if miles >= 1 else f"{max(0.001, miles):.3f}"
        return to_si(Decimal(typed), Quantity.distance, UnitSystem.imperial)

    def _lift(self, slot: Slot, e: ExerciseInfo, day: int) -> Lift:
        lift = self.lifts.get(e.name)
        if lift is None:
            lift = self._new_lift(slot, e)
            self.lifts[e.name] = lift
        elif self.last_session is not None and day - self.last_session >= 14 and lift.load is not None:
            # Back after two weeks or more away from training (not just from this lift, which an
            # exercise done now and then always is): start a bit lighter, more after a month.
            lighter = 0.95 if day - self.last_session < 28 else 0.9
            lift.load = round_load(e.equipment, self.imperial, float(lift.load) * lighter)
            lift.reps, lift.misses = lift.low, 0
        return lift

    def _scheme(self, slot: Slot) -> tuple[int, int, int]:
        """(sets, low reps, high reps) for a slot: the program's, plus the sets this person likes to add."""
        sets, low, high = self._program_scheme(slot)
        return (sets + self.person.extra_sets if slot.role in (MAIN, SECONDARY, ACCESSORY) else sets), low, high

    def _program_scheme(self, slot: Slot) -> tuple[int, int, int]:
        """(sets, low reps, high reps) for a slot, by goal and experience."""
        p, rng = self.person, self.rng
        if slot.role == MAIN:
            if p.fitness_goal == "strength":
                return (5 if p.experience != "beginner" else 3), 5, 5
            if p.fitness_goal == "muscle_gain":
                return rng.choice((3, 4)), 6, 10
            return 3, 8, 12
        if slot.role == SECONDARY:
            return 3, (6 if p.fitness_goal == "strength" else 8), 12
        if slot.role == CONDITIONING:
            return rng.choice((3, 4)), 12, 20
        return 3, 10, 15

    def _new_lift(self, slot: Slot, e: ExerciseInfo) -> Lift:
        p, rng = self.person, self.rng
        sets, low, high = self._scheme(slot)
        if e.measure == Measure.WEIGHTED or e.measure == Measure.CARRY:
            one_rm = p.start_weight_kg * strength_standard(e) * p.strength_level * rng.lognormvariate(0, 0.1)
            if p.female and not e.is_upper_body:
                one_rm *= 1.15  # the gap between men and women is smaller in the legs
            smallest_kg = float(self._kg(round_load(e.equipment, self.imperial, 0)))
            # Nobody programs a lift they cannot move for a set of ten with the lightest load.
            one_rm = max(one_rm, smallest_kg * 1.4)
            skill = 1.0 if e.name in self.familiar else rng.uniform(*NEW_LIFT_SKILL)
            lift = Lift(e, slot.role, sets, low, high, low, base=one_rm, skill=skill)
            reserve = 2.0 if p.experience == "beginner" else 1.0
            capacity = low + FATIGUE.get(slot.role, 1.0) * (sets - 1) + reserve
            lift.load = self._load_for(e, weight_for_reps(one_rm * skill * self.strength, capacity))
            return lift
        if e.measure == Measure.REPS:
            best = max(3.0, REP_STANDARDS.get(e.name, DEFAULT_REP_STANDARD) * p.strength_level * rng.lognormvariate(0, 0.15))
            start = max(3, round(best * 0.65))
            return Lift(e, slot.role, sets, start, 30, start, base=best)
        if e.measure == Measure.HOLD:
            if e.exercise_type in ("FLEXIBILITY", "BALANCE"):
                hold = rng.choice((30, 45, 60))
                return Lift(e, slot.role, 2, hold, hold, hold, base=hold)
            best = HOLD_STANDARDS.get(e.name, DEFAULT_HOLD_S) * (0.5 + 0.5 * p.strength_level) * rng.lognormvariate(0, 0.15)
            start = max(10, 5 * round(best * 0.6 / 5))
            return Lift(e, slot.role, 3, start, 180, start, base=best)
        # Steady cardio: minutes per session, building up slowly.
        minutes = {"beginner": 25, "intermediate": 35, "advanced": 45}[p.experience] + rng.randint(-5, 5)
        return Lift(e, slot.role, 1, minutes, 60, minutes, base=minutes)

    def _load_for(self, e: ExerciseInfo, kg: float) -> Decimal:
        display = kg / float(to_si(1, Quantity.weight, UnitSystem.imperial)) if self.imperial else kg
        return round_load(e.equipment, self.imperial, display)

    def _warmups(self, e: ExerciseInfo, work: Decimal) -> list[tuple[Decimal, int]]:
        """Lighter ramp-up sets before a heavy lift, each strictly lighter than the work sets."""
        w = float(work)
        if e.equipment == "BARBELL":
            bar = 45 if self.imperial else 20
            if w <= bar:
                return []
            ramp = [(bar, 10), (w * 0.5, 5), (w * 0.7, 3)]
            if w >= (225 if self.imperial else 100):
                ramp.append((w * 0.85, 2))
            if self.person.experience == "beginner":
                ramp = ramp[:2]
        else:
            ramp = [(w * 0.55, 8)]
        chosen, previous = [], 0.0
        for load, reps in ramp:
            rounded = round_load(e.equipment, self.imperial, load)
            if float(rounded) > previous and rounded < work:
                chosen.append((rounded, reps))
                previous = float(rounded)
        return chosen

    def _weighted(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime, form: float, deload: bool) -> datetime:
        p, rng, e = self.person, self.rng, entry.exercise
        lift = self._lift(slot, e, day)
        load, sets, target = lift.load, lift.sets, lift.reps
        if deload:
            load = round_load(e.equipment, self.imperial, float(load) * 0.85)
            sets = max(2, sets - 1)
        load_kg = self._kg(load)
        rest = REST_SECONDS.get(slot.role, 90)
        entry.target_sets, entry.target_reps, entry.target_weight_kg, entry.rest_seconds = sets, target, load_kg, rest

        if slot.role == MAIN and p.logs_warmups:
            for warm_load, warm_reps in self._warmups(e, load):
                clock += timedelta(seconds=warm_reps * 3 + 15)
                self._add_set(entry, clock, WARMUP, warm_reps, self._kg(warm_load))
                clock += timedelta(seconds=45 + int(rng.random() * (100 - 45 + 1)))

        one_rm = lift.base * lift.skill * self.strength * form * rng.gauss(1.0, 0.01)
        fresh = reps_in_the_tank(one_rm, float(load_kg))
        fatigue = FATIGUE.get(slot.role, 1.0)
        all_hit, first_hit, last_reserve = True, True, 0.0
        to_failure = p.fitness_goal == "muscle_gain" and slot.role == ACCESSORY and rng.random() < 0.1
        for j in range(sets):
            if j:
                clock += timedelta(seconds=round(rest * rng.uniform(0.8, 1.35)))
            capacity = fresh - fatigue * j
            set_type = NORMAL
            if capacity >= target:
                reps, reserve = target, capacity - target
                if to_failure and j == sets - 1:
                    reps, reserve, set_type = max(target, int(capacity)), 0.0, FAILURE
            else:  # missed reps: the load was too heavy today
                reps, reserve, all_hit = max(1, int(capacity)), 0.0, False
                first_hit = first_hit and j > 0
                if rng.random() < 0.6:
                    set_type = FAILURE
            last_reserve = reserve
            clock += timedelta(seconds=round(reps * rng.uniform(2.5, 4.0)) + 10)
            self._add_set(entry, clock, set_type, reps, load_kg, rpe=self._rpe(reserve))

        drop_chance = 0.18 if p.fitness_goal == "muscle_gain" and p.experience != "beginner" else 0.04
        if slot.role in (SECONDARY, ACCESSORY) and e.equipment in ("DUMBBELL", "CABLE", "MACHINE") and rng.random() < drop_chance:
            lighter = round_load(e.equipment, self.imperial, float(load) * 0.7)
            if lighter < load:
                lighter_kg = self._kg(lighter)
                reps = max(3, min(25, int(reps_in_the_tank(one_rm, float(lighter_kg)) - fatigue * sets)))
                clock += timedelta(seconds=round(reps * 3) + 15)  # straight after the last set
                self._add_set(entry, clock, DROP, reps, lighter_kg, rpe=self._rpe(0.0))

        if not deload:
            self._progress(lift, all_hit, first_hit, last_reserve, one_rm / form)
        lift.skill += (1 - lift.skill) * SKILL_LEARNED_PER_SESSION
        return clock

    def _progress(self, lift: Lift, all_hit: bool, first_hit: bool, last_reserve: float, one_rm: float) -> None:
        """Double progression: reps up to the top of the range, then one load step and back to
        the bottom; a last set with three or more reps to spare adds load straight away; later
        sets falling short is fatigue and holds the target, while repeatedly missing the first
        set takes 10% off. A heavier load is only taken when it feels manageable (a light
        dumbbell's next step can be a third heavier) or when the reps have gone five past the
        range; beginners never add more than one step at a time. After a break or a reset,
        loads done before come back two steps at a time."""
        p, e = self.person, lift.exercise
        if lift.load is not None and (lift.best_load is None or lift.load > lift.best_load):
            lift.best_load = lift.load
        if all_hit:
            lift.misses = 0
            if lift.best_load is not None and lift.load < lift.best_load:
                # Coming back after a break or a reset: loads done before return quickly.
                heavier = self._heavier(lift, 1 if p.experience == "beginner" else 2, lift.reps, one_rm)
                if heavier is not None:
                    lift.load = min(heavier, lift.best_load)
                    return
            if last_reserve >= 3:  # too easy: add load (a beginner only one step at a time)
                jumps = 1 if p.experience == "beginner" or last_reserve < 5 else 2
                heavier = self._heavier(lift, jumps, lift.reps, one_rm)
                if heavier is not None:
                    lift.load = heavier
                elif lift.low < lift.high and lift.reps < lift.high + 5:
                    lift.reps += 1
            elif lift.reps < lift.high:
                lift.reps += 1
            else:
                lift.successes += 1
                if lift.successes >= SESSIONS_PER_STEP[p.experience]:
                    heavier = self._heavier(lift, 1, lift.low, one_rm)
                    if heavier is not None:
                        lift.load, lift.reps, lift.successes = heavier, lift.low, 0
                    elif lift.low < lift.high and lift.reps < lift.high + 5:  # stuck below the next step
                        lift.reps += 1
                    else:  # five reps past the range: the next dumbbell or plate, at fewer reps
                        step = load_step(e.equipment, self.imperial, float(lift.load))
                        lift.load = round_load(e.equipment, self.imperial, float(lift.load) + step)
                        lift.reps, lift.successes = lift.low, 0
        elif first_hit:
            lift.misses = 0
        else:
            lift.misses += 1
            if lift.misses >= (3 if p.experience == "beginner" else 2):
                lift.load = round_load(e.equipment, self.imperial, float(lift.load) * 0.9)
                lift.reps, lift.misses, lift.successes = lift.low, 0, 0

    def _heavier(self, lift: Lift, max_steps: int, reps: int, one_rm: float) -> Decimal | None:
        """The heaviest load up to `max_steps` steps up that the lifter would take on: any small
        step (a few percent of the load) is simply tried; a big relative jump only when the first
        set of `reps` would still leave about a rep to spare (the later sets falling a rep or two
        short for a while is how real lifters take the next dumbbell; waiting for every set to
        manage it kept loads flat for months). None when no step qualifies."""
        e = lift.exercise
        best, load = None, lift.load
        for _ in range(max_steps):
            step = load_step(e.equipment, self.imperial, float(load))
            small = step <= 0.06 * float(load)
            load = round_load(e.equipment, self.imperial, float(load) + step)
            if not small and reps_in_the_tank(one_rm, float(self._kg(load))) - reps < 1:
                break
            best = load
        return best

    def _reps(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime, form: float) -> datetime:
        rng = self.rng
        lift = self._lift(slot, entry.exercise, day)
        best = lift.base * self.strength**1.5 * form  # rep maxima grow faster than 1RMs
        rest = REST_SECONDS.get(slot.role, 60)
        entry.target_sets, entry.target_reps, entry.rest_seconds = lift.sets, lift.reps, rest
        all_hit = True
        for j in range(lift.sets):
            if j:
                clock += timedelta(seconds=round(rest * rng.uniform(0.8, 1.3)))
            capacity = best - 0.12 * best * j
            reps = min(lift.reps, max(1, int(capacity)))
            all_hit &= reps >= lift.reps
            clock += timedelta(seconds=round(reps * rng.uniform(1.5, 3.0)) + 5)
            self._add_set(entry, clock, reps=reps, rpe=self._rpe(max(0.0, capacity - reps)))
        if all_hit and lift.reps < lift.high:
            lift.reps += 1
        elif not all_hit:
            lift.misses += 1
            if lift.misses >= 2:
                lift.reps, lift.misses = max(3, lift.reps - 2), 0
        return clock

    def _hold(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime, form: float) -> datetime:
        rng, e = self.rng, entry.exercise
        lift = self._lift(slot, e, day)
        stretch = e.exercise_type in ("FLEXIBILITY", "BALANCE")
        entry.target_sets, entry.target_duration_s, entry.rest_seconds = lift.sets, lift.reps, REST_SECONDS.get(slot.role, 30)
        best = lift.base * (1.0 if stretch else self.strength * form)
        all_hit = True
        for j in range(lift.sets):
            clock += timedelta(seconds=10 + int(rng.random() * 51) if j else 5)
            capacity = best * (1 - 0.1 * j)
            seconds = lift.reps if stretch else min(lift.reps, max(5, 5 * int(capacity / 5)))
            all_hit &= seconds >= lift.reps
            clock += timedelta(seconds=seconds)
            rpe = None if stretch else self._rpe(max(0.0, 10 * (capacity - seconds) / max(capacity, 1)))
            self._add_set(entry, clock, duration=seconds, rpe=rpe)
        if not stretch and all_hit and lift.reps < lift.high:
            lift.reps += 5
        return clock

    def _speed_kmh(self, e: ExerciseInfo) -> float:
        if e.name in RUNNING:
            return 3600 / self._easy_pace() * (0.85 if e.name == "Trail Running" else 1.0)
        return CARDIO_SPEED_KMH.get(e.name, 8.0) * self.fitness * self.person.endurance_level**0.5

    def _steady(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime, deload: bool) -> datetime:
        rng, e = self.rng, entry.exercise
        lift = self._lift(slot, e, day)
        minutes = lift.reps * (2.5 if e.name == "Hiking" else 1.5 if e.name == "Outdoor Cycling" else 1.0)
        if e.name == "Indoor Cycling Class":
            minutes = 45
        if deload:
            minutes *= 0.8
        seconds = max(300, round(minutes * 60 * rng.uniform(0.92, 1.08)))
        entry.target_duration_s = round(minutes) * 60
        distance = None
        if e.is_distance_based:
            distance = self._distance(self._speed_kmh(e) * rng.uniform(0.95, 1.05) * seconds / 3.6)
        clock += timedelta(seconds=seconds)
        self._add_set(entry, clock, duration=seconds, distance=distance, rpe=self._rpe(rng.uniform(3, 6), lowest=2.0))
        if lift.reps < lift.high and rng.random() < 0.5:
            lift.reps += 1
        return clock

    def _conditioning(self, entry: EntryRecord, slot: Slot, day: int, clock: datetime) -> datetime:
        """Short hard rounds: timed efforts, short carries and pushes."""
        rng, e = self.rng, entry.exercise
        rounds = rng.choice((3, 4)) if e.name != "Air Bike Intervals" else 8
        entry.target_sets, entry.rest_seconds = rounds, REST_SECONDS[CONDITIONING]
        seconds_each = 20 if e.name == "Air Bike Intervals" else rng.choice((30, 45, 60))
        meters_each = rng.choice((20, 25, 30)) if e.measure == Measure.DISTANCE else rng.choice((30, 40, 50))
        carry_load = None
        if e.measure == Measure.CARRY:
            lift = self._lift(slot, e, day)
            carry_load = self._kg(lift.load)
        for j in range(rounds):
            clock += timedelta(seconds=30 + int(rng.random() * 61) if j else 5)
            reserve = max(0.0, 3.5 - j * rng.uniform(0.6, 1.2))
            if e.measure == Measure.DISTANCE:
                clock += timedelta(seconds=meters_each)
                self._add_set(entry, clock, distance=self._distance(meters_each), rpe=self._rpe(reserve))
            elif e.measure == Measure.CARRY:
                seconds = round(meters_each * rng.uniform(0.7, 1.0))
                clock += timedelta(seconds=seconds)
                self._add_set(entry, clock, weight=carry_load, duration=seconds, distance=self._distance(meters_each),
                              rpe=self._rpe(reserve))
            else:
                clock += timedelta(seconds=seconds_each)
                self._add_set(entry, clock, duration=seconds_each, rpe=self._rpe(reserve))
        return clock

    # ---- running ---------------------------------------------------------------------------

    def _easy_pace(self) -> float:
        return EASY_PACE_S_PER_KM / (self.person.endurance_level * self.fitness)

    def _run_set(self, entry: EntryRecord, clock: datetime, km: float, pace: float, set_type: str, reserve: float) -> datetime:
        meters = km * 1000
        seconds = round(km * pace)
        clock += timedelta(seconds=seconds)
        rpe = self._rpe(reserve, lowest=2.0)
        self._add_set(entry, clock, set_type, duration=seconds, distance=self._distance(meters), rpe=rpe)
        return clock

    def _run(self, entry: EntryRecord, slot: Slot, clock: datetime, deload: bool) -> datetime:
        p, rng, e = self.person, self.rng, entry.exercise
        easy = self._easy_pace() * (1.18 if e.name == "Trail Running" else 1.0) * rng.uniform(0.97, 1.04)
        scale = 0.8 if deload else 1.0
        if slot.role == RUN_EASY:
            km = self.easy_km * rng.uniform(0.85, 1.2) * scale
            entry.target_distance_m = Decimal(int(round(self.easy_km, 0) * 1000))
            clock = self._run_set(entry, clock, km, easy, NORMAL, rng.uniform(5, 7))
            self.easy_km = min(self.easy_km * 1.004, EASY_RUN_KM[p.experience] * 2)
        elif slot.role == RUN_LONG:
            self.long_runs += 1
            cutback = 0.75 if self.long_runs % 4 == 0 else 1.0  # every fourth long run is shorter
            km = self.long_km * cutback * scale
            entry.target_distance_m = Decimal(int(round(km, 0) * 1000))
            clock = self._run_set(entry, clock, km * rng.uniform(0.97, 1.05), easy * 1.06, NORMAL, rng.uniform(3, 4.5))
            if cutback == 1.0:
                self.long_km = min(self.long_km * rng.uniform(1.04, 1.1), LONG_RUN_CAP_KM[p.experience])
        elif slot.role == RUN_TEMPO:
            block = {"beginner": 2.0, "intermediate": 5.0, "advanced": 8.0}[p.experience] * rng.uniform(0.8, 1.2) * scale
            entry.target_distance_m = Decimal(int(round(block, 0) * 1000))
            clock = self._run_set(entry, clock, rng.uniform(1.5, 2.0), easy * 1.08, WARMUP, 7)
            clock = self._run_set(entry, clock, block, easy * 0.86, NORMAL, rng.uniform(2, 3))
            clock = self._run_set(entry, clock, rng.uniform(1.0, 1.5), easy * 1.1, NORMAL, 6)
        elif slot.role == RUN_WARMUP:
            clock = self._run_set(entry, clock, rng.uniform(1.5, 2.5), easy * 1.08, WARMUP, 7)
        elif slot.role == RUN_INTERVALS:
            meters, reps = {"beginner": (200, 6), "intermediate": (400, 8), "advanced": (400, 10)}[p.experience]
            reps = max(3, round(reps * scale))
            entry.target_sets, entry.target_distance_m, entry.rest_seconds = reps, Decimal(meters), 90
            for j in range(reps):
                if j:
                    clock += timedelta(seconds=75 + int(rng.random() * (120 - 75 + 1)))
                pace = easy * (0.76 if meters == 200 else 0.8) * rng.uniform(0.98, 1.03)
                clock = self._run_set(entry, clock, meters / 1000, pace, NORMAL, max(0.0, 3 - 3 * j / reps))
        return clock

    # ---- targets without sets (plans) --------------------------------------------------------

    def _targets(self, entry: EntryRecord, slot: Slot, day: int) -> None:
        e = entry.exercise
        if slot.role in RUN_ROLES:
            entry.target_distance_m = Decimal(int(round(self.long_km if slot.role == RUN_LONG else self.easy_km, 0) * 1000))
            return
        if slot.role == CONDITIONING and e.measure not in (Measure.WEIGHTED, Measure.REPS):
            entry.target_sets, entry.rest_seconds = 3, REST_SECONDS[CONDITIONING]
            return
        lift = self._lift(slot, e, day)
        if e.measure in (Measure.WEIGHTED, Measure.CARRY):
            entry.target_sets, entry.target_reps = lift.sets, lift.reps
            entry.target_weight_kg = self._kg(lift.load)
            entry.rest_seconds = REST_SECONDS.get(slot.role, 90)
        elif e.measure == Measure.REPS:
            entry.target_sets, entry.target_reps = lift.sets, lift.reps
        elif e.measure == Measure.HOLD:
            entry.target_sets, entry.target_duration_s = lift.sets, lift.reps
        elif slot.role == CARDIO:
            entry.target_duration_s = lift.reps * 60  # steady cardio is planned in minutes
        else:
            entry.target_sets = 3


def simulate_training(
    seed: int, person: Person, catalog: Catalog, window: Window
) -> tuple[list[WorkoutRecord], list[ExerciseInfo]]:
    """The person's workouts (every status) and the custom exercises they created."""
    simulator = Simulator(seed, person, catalog, window)
    return simulator.run(), simulator.program.custom

