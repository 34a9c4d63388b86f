"""Workout totals exactly as the API computes them when a workout is completed
(api/workouts/service.py `_finish`), so generated workouts look like logged ones."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from decimal import Decimal

from api.enums import SetType, WorkoutStatus
from pulse.formulas import ExerciseEffort, workout_calories
from synthetic.records import StatRecord, WorkoutRecord

WARMUP = SetType.warmup.value


class BodyWeights:
    """Logged body weights in time order, answering "what did they weigh at that moment" the
    way the API does: the latest weigh-in up to then, else the earliest one after."""

    def __init__(self, stats: list[StatRecord]) -> None:
        weighed = sorted((s.recorded_at, float(s.weight_kg)) for s in stats if s.weight_kg is not None)
        self.moments = [moment for moment, _ in weighed]
        self.weights = [kg for _, kg in weighed]

    def at(self, moment: datetime) -> float | None:
        if not self.weights:
            return None
        position = bisect_right(self.moments, moment)
        return self.weights[position - 1] if position else self.weights[0]


def finish(workout: WorkoutRecord, body_weights: BodyWeights) -> None:
    """Fill duration, volume, distance and calories of a completed workout."""
    workout.duration_s = int((workout.completed_at - workout.started_at).total_seconds())
    volume = Decimal(0)
    distance = Decimal(0)
    efforts = []
    for entry in workout.entries:
        timed = 0
        for s in entry.sets:
            if s.set_type != WARMUP and s.weight_kg is not None and s.reps is not None:
                volume += s.weight_kg * s.reps
            if s.distance_m is not None:
                distance += s.distance_m
            timed += s.duration_s or 0
        efforts.append(ExerciseEffort(met=entry.exercise.met, set_count=len(entry.sets), timed_seconds=float(timed)))
    workout.total_volume_kg = volume
    workout.total_distance_m = distance
    workout.calories_kcal = workout_calories(efforts, workout.duration_s, body_weights.at(workout.completed_at))


def finish_all(workouts: list[WorkoutRecord], stats: list[StatRecord]) -> None:
    body_weights = BodyWeights(stats)
    for workout in workouts:
        if workout.status == WorkoutStatus.completed.value:
            finish(workout, body_weights)
