"""Goals that match each person's aim, with start, current and achievement values that follow
from their generated data by the same rules as api/goals/service.py:

- body weight: the latest weigh-in (start: the latest one when the goal was set);
- one-rep max: the best Epley estimate over non-warm-up sets of completed workouts, ever;
- workout count and total distance: completed workouts since the goal was set.

A goal is achieved the first time it is met after being set, at the moment of the workout or
weigh-in that met it, as the API's refresh on each completion or new stat would record it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from api.enums import GoalMetric, SetType, UnitSystem, WorkoutStatus
from pulse.formulas import estimated_one_rep_max
from pulse.units import Quantity, from_si, to_si
from synthetic.catalog import round_load
from synthetic.people import GOALS, Person, person_rng
from synthetic.programs import MAIN
from synthetic.records import GoalRecord, StatRecord, Window, WorkoutRecord

WARMUP = SetType.warmup.value


# The goals each kind of person sets, most likely first: the first always, the others sometimes.
WANTED = {
    "weight_loss": (GoalMetric.body_weight, GoalMetric.workout_count, GoalMetric.total_distance),
    "muscle_gain": (GoalMetric.body_weight, GoalMetric.one_rep_max, GoalMetric.workout_count),
    "strength": (GoalMetric.one_rep_max, GoalMetric.one_rep_max, GoalMetric.workout_count),
    "endurance": (GoalMetric.total_distance, GoalMetric.workout_count, GoalMetric.body_weight),
    "general_fitness": (GoalMetric.workout_count, GoalMetric.body_weight, GoalMetric.total_distance),
}


@dataclass(frozen=True, slots=True)
class Event:
    """Something that makes the API refresh a person's goals: a completed workout or a stat."""

    moment: datetime
    weight_kg: Decimal | None = None  # a weigh-in
    distance_m: Decimal = Decimal(0)  # a completed workout's set distances
    best_1rm: dict | None = None  # a completed workout's best estimate per exercise name
    is_workout: bool = False


def _events(workouts: list[WorkoutRecord], stats: list[StatRecord], with_lifts: bool) -> list[Event]:
    """Completed workouts and weigh-ins in time order; lifts' 1RM estimates only when asked
    (they are the costly part, and only strength-minded people get 1RM goals)."""
    events = []
    for w in workouts:
        if w.status != WorkoutStatus.completed.value:
            continue
        best: dict[str, float] = {}
        for entry in w.entries:
            if not with_lifts or entry.exercise.owner_index is not None:
                continue  # goals here only point at library exercises
            for s in entry.sets:
                if s.set_type == WARMUP or s.weight_kg is None:
                    continue
                estimate = estimated_one_rep_max(float(s.weight_kg), s.reps)
                if estimate is not None and estimate > best.get(entry.exercise.name, 0.0):
                    best[entry.exercise.name] = estimate
        events.append(Event(w.completed_at, distance_m=w.total_distance_m or Decimal(0), best_1rm=best, is_workout=True))
    events.extend(Event(s.recorded_at, weight_kg=s.weight_kg) for s in stats if s.weight_kg is not None)
    # At equal moments the stat sorts first; both refresh the goals, so the order hardly matters.
    events.sort(key=lambda e: (e.moment, e.is_workout))
    return events


class Tracker:
    """Replays a person's events to know a metric's value at any moment."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def value(self, metric: str, exercise: str | None, created: datetime, until: datetime) -> Decimal | None:
        """The metric as the API would compute it at `until` for a goal set at `created`."""
        if metric == GoalMetric.body_weight:
            latest = None
            for e in self.events:
                if e.moment > until:
                    break
                if e.weight_kg is not None:
                    latest = e.weight_kg
            return latest
        if metric == GoalMetric.one_rep_max:
            best = None
            for e in self.events:
                if e.moment > until:
                    break
                if e.best_1rm and exercise in e.best_1rm and (best is None or e.best_1rm[exercise] > best):
                    best = e.best_1rm[exercise]
            return Decimal(str(best)) if best is not None else None
        total = Decimal(0)
        for e in self.events:
            if e.moment > until:
                break
            if e.is_workout and e.moment >= created:
                total += 1 if metric == GoalMetric.workout_count else e.distance_m
        return total


def is_met(metric: str, goal_type: str, start: Decimal | None, target: Decimal, current: Decimal | None) -> bool:
    """api.goals.service.is_met, restated for plain values."""
    if current is None:
        return False
    if metric == GoalMetric.body_weight:
        decreasing = target < start if start is not None and start != target else goal_type == "weight_loss"
        if decreasing:
            return current <= target
    return current >= target


def _achieved_at(tracker: Tracker, goal: GoalRecord, exercise: str | None, now: datetime) -> datetime | None:
    """The first moment, from the goal's creation on, that the goal is met: one pass over the
    events after creation, keeping the metric's running value."""
    created, metric = goal.created_at, goal.metric
    value = tracker.value(metric, exercise, created, created)
    if is_met(metric, goal.goal_type, goal.start_value, goal.target_value, value):
        return created
    best = float(value) if metric == GoalMetric.one_rep_max and value is not None else None
    for e in tracker.events:
        if e.moment <= created:
            continue
        if e.moment > now:
            break
        if metric == GoalMetric.body_weight:
            if e.weight_kg is None:
                continue
            value = e.weight_kg
        elif metric == GoalMetric.one_rep_max:
            estimate = e.best_1rm.get(exercise) if e.best_1rm else None
            if estimate is None or (best is not None and estimate <= best):
                continue
            best = estimate
            value = Decimal(str(best))
        elif e.is_workout:
            value += 1 if metric == GoalMetric.workout_count else e.distance_m
        else:
            continue
        if is_met(metric, goal.goal_type, goal.start_value, goal.target_value, value):
            return e.moment
    return None


def _display(person: Person, value: Decimal, quantity: Quantity) -> float:
    return from_si(value, quantity, UnitSystem(person.unit_system))


def _si(person: Person, value: float, quantity: Quantity) -> Decimal:
    return to_si(Decimal(str(value)), quantity, UnitSystem(person.unit_system))


def _units(person: Person) -> tuple[str, str]:
    return ("lb", "mi") if person.unit_system == UnitSystem.imperial else ("kg", "km")


class GoalMaker:
    def __init__(
        self, seed: int, person: Person, workouts: list[WorkoutRecord], stats: list[StatRecord], window: Window
    ) -> None:
        self.person = person
        self.window = window
        self.rng: random.Random = person_rng(seed, person.index, GOALS)
        self.workouts = workouts
        self.stats = stats
        self.tracker = Tracker(_events(workouts, stats, with_lifts=GoalMetric.one_rep_max in WANTED[person.fitness_goal]))
        self.completed = [w for w in workouts if w.status == WorkoutStatus.completed.value]

    def make(self) -> list[GoalRecord]:
        p, rng = self.person, self.rng
        wanted = WANTED[p.fitness_goal]
        count = 1 + (rng.random() < 0.55) + (rng.random() < 0.25)
        goals: list[GoalRecord] = []
        used: set[tuple[str, str | None]] = set()
        for position, metric in enumerate(wanted[:count]):
            goal = self._goal(metric, position, used)
            if goal is not None:
                goals.append(goal)
        return goals

    def _created_at(self, position: int) -> datetime | None:
        p, now = self.person, self.window.now
        latest = now if p.churn_day is None else min(now, self.window.at(p.churn_day, 0))
        if latest <= p.joined_at:
            return None
        delay = timedelta(hours=self.rng.expovariate(1 / 60) + 0.1 + position * self.rng.uniform(24, 900))
        return min(p.joined_at + delay, latest - timedelta(minutes=1)).replace(microsecond=0)

    def _goal(self, metric: str, position: int, used: set) -> GoalRecord | None:
        created = self._created_at(position)
        if created is None:
            return None
        rng, p, now = self.rng, self.person, self.window.now
        weight_unit, distance_unit = _units(p)
        exercise_name = None
        if metric == GoalMetric.body_weight:
            weighed = [s for s in self.stats if s.weight_kg is not None]
            if not weighed:
                metric = GoalMetric.workout_count
            else:  # set right after a weigh-in, so there is a starting point
                created = max(created, weighed[0].recorded_at + timedelta(minutes=rng.randint(1, 30)))
                if created >= now:
                    return None
        if metric == GoalMetric.one_rep_max:
            exercise_name = self._lift_for_goal(used)
            if exercise_name is None:
                metric = GoalMetric.workout_count
        if (metric, exercise_name) in used:
            return None
        used.add((metric, exercise_name))

        start = self.tracker.value(metric, exercise_name, created, created)
        if metric in (GoalMetric.workout_count, GoalMetric.total_distance):
            start = Decimal(0)
        exercise = None
        if metric == GoalMetric.body_weight:
            shown = _display(p, start, Quantity.weight)
            if p.fitness_goal == "muscle_gain":
                target_shown = round(shown * rng.uniform(1.02, 1.06))
                title = f"Bulk up to {target_shown} {weight_unit}"
            else:
                target_shown = round(shown * rng.uniform(0.88, 0.97))
                title = f"Get down to {target_shown} {weight_unit}"
            if target_shown == round(shown):
                target_shown += 1 if p.fitness_goal == "muscle_gain" else -1
            target = _si(p, target_shown, Quantity.weight)
        elif metric == GoalMetric.one_rep_max:
            exercise = self._exercise(exercise_name)
            reference = start if start is not None else self._first_estimate(exercise_name)
            shown = _display(p, reference, Quantity.weight) * rng.uniform(1.04, 1.22)
            # Round up to what can be loaded: 2.5 kg or 5 lb steps.
            target_display = round_load("CABLE", p.unit_system == UnitSystem.imperial, shown, up=True)
            target = _si(p, float(target_display), Quantity.weight)
            title = f"{exercise_name} {target_display} {weight_unit}"
        elif metric == GoalMetric.workout_count:
            sessions = rng.choice((10, 12, 20, 24, 30, 36, 50))
            target, title = Decimal(sessions), f"{sessions} workouts"
        else:
            weekly_km = max(5.0, self._weekly_km())
            shown_total = weekly_km * rng.uniform(6, 26) / (1.609344 if distance_unit == "mi" else 1)
            rounded = max(10, int(round(shown_total / 10) * 10))
            target, title = _si(p, rounded, Quantity.distance), f"Cover {rounded} {distance_unit}"

        goal = GoalRecord(
            goal_type=p.fitness_goal, metric=GoalMetric(metric).value, title=title[:120],
            target_value=target, start_value=start, current_value=None,
            target_date=(created + timedelta(weeks=rng.randint(8, 20))).date(), created_at=created, exercise=exercise,
        )
        goal.current_value = self.tracker.value(goal.metric, exercise_name, created, now)
        goal.achieved_at = _achieved_at(self.tracker, goal, exercise_name, now)
        return goal

    def _lift_for_goal(self, used: set) -> str | None:
        """The person's most frequent main lift with a load and a 1RM estimate, not already a goal."""
        main_lifts: Counter[str] = Counter()
        for w in self.completed:
            for entry in w.entries:
                e = entry.exercise
                if entry.role == MAIN and e.owner_index is None and e.measure == "weighted" and entry.sets:
                    main_lifts[e.name] += 1
        estimated = {name for e in self.tracker.events if e.best_1rm for name in e.best_1rm}
        for name, _ in sorted(main_lifts.items(), key=lambda item: (-item[1], item[0])):
            if name in estimated and (GoalMetric.one_rep_max, name) not in used:
                return name
        return None

    def _exercise(self, name: str):
        for w in self.completed:
            for entry in w.entries:
                if entry.exercise.name == name and entry.exercise.owner_index is None:
                    return entry.exercise
        raise LookupError(name)

    def _first_estimate(self, name: str) -> Decimal:
        for e in self.tracker.events:
            if e.best_1rm and name in e.best_1rm:
                return Decimal(str(e.best_1rm[name]))
        raise LookupError(name)

    def _weekly_km(self) -> float:
        if not self.completed:
            return 0.0
        total_m = sum(float(w.total_distance_m or 0) for w in self.completed)
        span_days = max(7.0, (self.window.now - self.completed[0].completed_at).total_seconds() / 86400)
        return total_m / 1000 / (span_days / 7)


def make_goals(
    seed: int, person: Person, workouts: list[WorkoutRecord], stats: list[StatRecord], window: Window
) -> list[GoalRecord]:
    """1-3 goals fitting the person's aim, consistent with their generated data. Needs the
    workouts' totals (distance) filled in first."""
    return GoalMaker(seed, person, workouts, stats, window).make()

