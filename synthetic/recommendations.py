"""The "what to train next" journey: before some workouts the app served a ranked list of about
ten library exercises, and the person reacted to it.

An exercise the person then trained in that next workout was usually accepted (added to the
workout), sometimes with a thumbs up afterwards; the others were usually skipped, now and then
with a thumbs down. Some lists got no reaction at all. Every reaction comes after the list was
served, and nothing happens after the simulated now.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from api.enums import FeedbackAction, RecommendationKind, WorkoutStatus
from recsys.registry import RECOMMENDER_MODEL
from synthetic.catalog import Catalog, ExerciseInfo
from synthetic.people import RECOMMENDATIONS, Person, person_rng
from synthetic.records import (
    FeedbackRecord,
    RecommendationRecord,
    Window,
    WorkoutRecord,
)

MODEL_VERSION = "0"  # the version that answered in the generated history
SERVE_CHANCE = 0.25  # a completed workout was preceded by a recommendation
FALLBACK_CHANCE = 0.08  # the model was unreachable and the popularity fallback answered
NO_FEEDBACK_CHANCE = 0.2  # the list was looked at (or not) and left alone
LIST_SIZE = (8, 12)
HIT_CHANCE = 0.45  # an exercise of the coming workout is in the list (the model is decent, not perfect)
FAMILIAR_CHANCE = 0.5  # a filler is one the person trained before, else any usable exercise
ACCEPT_CHANCE, THUMBS_UP_CHANCE = 0.9, 0.15  # for exercises trained in the next workout
SKIP_CHANCE, THUMBS_DOWN_CHANCE = 0.75, 0.08  # for the others
# The list is served up to this long before the next workout starts (and after the last one ended).
LEAD_TIME = timedelta(hours=18)
MIN_LEAD = timedelta(minutes=2)

COMPLETED = WorkoutStatus.completed.value
ACCEPTED, SKIPPED, THUMBS_UP, THUMBS_DOWN = (
    a.value for a in (FeedbackAction.accepted, FeedbackAction.skipped, FeedbackAction.thumbs_up, FeedbackAction.thumbs_down)
)


def make_recommendations(
    seed: int, person: Person, catalog: Catalog, workouts: list[WorkoutRecord], window: Window
) -> list[RecommendationRecord]:
    """Recommendations served to `person` before some of their completed workouts, oldest first."""
    done = sorted((w for w in workouts if w.status == COMPLETED), key=lambda w: w.started_at)
    usable = catalog.usable(person.available_equipment)
    if not done or not usable:
        return []
    rng = person_rng(seed, person.index, RECOMMENDATIONS)
    trained: dict[str, ExerciseInfo] = {}  # library exercises done so far, first time first
    previous_end = person.joined_at
    served: list[RecommendationRecord] = []
    for workout in done:
        coming = {e.exercise.name: e.exercise for e in workout.entries if e.exercise.owner_index is None}
        if rng.random() < SERVE_CHANCE:
            earliest = max(previous_end, workout.started_at - LEAD_TIME)
            latest = workout.started_at - MIN_LEAD
            if latest > earliest:
                at = earliest + timedelta(seconds=int(rng.random() * (latest - earliest).total_seconds()) + 1)
                served.append(_serve(rng, person, usable, trained, coming, at, workout, window))
        for name, exercise in coming.items():
            trained.setdefault(name, exercise)
        previous_end = max(previous_end, workout.completed_at)
    return served


def _serve(
    rng: random.Random,
    person: Person,
    usable: tuple[ExerciseInfo, ...],
    trained: dict[str, ExerciseInfo],
    coming: dict[str, ExerciseInfo],
    at: datetime,
    workout: WorkoutRecord,
    window: Window,
) -> RecommendationRecord:
    size = min(rng.randint(*LIST_SIZE), len(usable))
    hits = [e for e in coming.values() if person.can_use(e.equipment) and rng.random() < HIT_CHANCE][: size // 2]
    chosen = {e.name: e for e in hits}
    familiar = [e for e in trained.values() if person.can_use(e.equipment)]
    for _ in range(size * 4):  # candidates may repeat: a few extra tries
        if len(chosen) >= size:
            break
        pool = familiar if familiar and rng.random() < FAMILIAR_CHANCE else usable
        candidate = pool[rng.randrange(len(pool))]
        chosen.setdefault(candidate.name, candidate)
    # Ranked: the model tends to put what the person will do near the top.
    ranked = sorted(chosen.values(), key=lambda e: rng.random() - (0.3 if e.name in coming else 0.0))
    version = None if rng.random() < FALLBACK_CHANCE else MODEL_VERSION
    record = RecommendationRecord(at, RECOMMENDER_MODEL, version, ranked, kind=RecommendationKind.exercises.value)
    if rng.random() < NO_FEEDBACK_CHANCE:
        return record
    before_start = (workout.started_at - at).total_seconds()
    for exercise in ranked:
        if exercise.name in coming:
            if rng.random() < ACCEPT_CHANCE:  # added to the workout before it started
                record.feedback.append(FeedbackRecord(exercise, ACCEPTED, _after(at, rng.uniform(0.05, 0.9) * before_start)))
            if rng.random() < THUMBS_UP_CHANCE:  # liked it once it was done
                up = workout.completed_at + timedelta(seconds=int(rng.expovariate(1 / 1800)) + 5)
                record.feedback.append(FeedbackRecord(exercise, THUMBS_UP, min(up, window.now)))
        else:
            if rng.random() < SKIP_CHANCE:  # dismissed while looking through the list
                record.feedback.append(FeedbackRecord(exercise, SKIPPED, _after(at, min(rng.expovariate(1 / 90), before_start - 1))))
            if rng.random() < THUMBS_DOWN_CHANCE:
                record.feedback.append(FeedbackRecord(exercise, THUMBS_DOWN, _after(at, min(rng.expovariate(1 / 120), before_start - 1))))
    return record


def _after(at: datetime, seconds: float) -> datetime:
    """At least a second after `at`, in whole seconds."""
    return at + timedelta(seconds=max(1, int(seconds)))
