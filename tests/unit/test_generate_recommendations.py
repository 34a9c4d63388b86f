"""The generated recommendation journey without a database: lists of usable library exercises
served before a workout, feedback that follows what the person then trained, all in order."""

import dataclasses
from collections import Counter
from datetime import date

import pytest

from api.enums import FeedbackAction, WorkoutStatus
from recsys.registry import RECOMMENDER_MODEL
from synthetic.catalog import Catalog
from synthetic.people import ACCESS_EQUIPMENT, make_person
from synthetic.plan import plan_population
from synthetic.recommendations import FALLBACK_CHANCE, LIST_SIZE, make_recommendations
from synthetic.records import Window

END = date(2025, 6, 30)
ACTIONS = {a.value for a in FeedbackAction}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_library_file()


@pytest.fixture(scope="module")
def population(catalog):
    return list(plan_population(120, 150, 2024, END, catalog))


def summary(plans):
    return [
        (p.person.index, r.created_at, r.model_version, [e.name for e in r.exercises],
         [(f.exercise.name, f.action, f.created_at) for f in r.feedback])
        for p in plans for r in p.recommendations
    ]


def next_workout(plan, at):
    done = [w for w in plan.workouts if w.status == WorkoutStatus.completed.value and w.started_at > at]
    return min(done, key=lambda w: w.started_at)


def test_same_seed_same_recommendations_and_another_seed_others(catalog, population):
    again = list(plan_population(120, 150, 2024, END, catalog))
    assert summary(again) == summary(population)
    other = list(plan_population(120, 150, 2025, END, catalog))
    assert summary(other) != summary(population)
    # The catalog's row order (as the database returns it) does not matter.
    shuffled = Catalog(reversed(list(catalog.by_name.values())))
    assert summary(plan_population(30, 150, 2024, END, shuffled)) == summary(plan_population(30, 150, 2024, END, catalog))


def test_settings_equipment_and_discoverability(population):
    people = [p.person for p in population]
    assert all("NONE" in p.available_equipment and set(p.equipment) <= set(p.available_equipment) for p in people)
    assert {p.available_equipment for p in people} >= {ACCESS_EQUIPMENT["gym"], ("NONE",)}
    share = sum(p.is_discoverable for p in people) / len(people)
    assert 0.45 < share < 0.75


def test_lists_hold_library_exercises_the_person_can_use(population):
    lists = [(p.person, r) for p in population for r in p.recommendations]
    assert len(lists) > 200
    for person, r in lists:
        names = [e.name for e in r.exercises]
        assert len(set(names)) == len(names)
        assert LIST_SIZE[0] <= len(names) <= LIST_SIZE[1]
        assert all(e.owner_index is None for e in r.exercises), "custom exercises are not recommended"
        assert all(person.can_use(e.equipment) for e in r.exercises), (person.access, names)
        assert r.model_name == RECOMMENDER_MODEL and r.kind == "exercises"
    versions = Counter(r.model_version for _, r in lists)
    # Mostly the model, sometimes the popularity fallback (FALLBACK_CHANCE, within sampling noise).
    assert 0.5 * FALLBACK_CHANCE < versions[None] / len(lists) < 2 * FALLBACK_CHANCE and versions["0"] + versions[None] == len(lists)


def test_a_bodyweight_person_gets_only_exercises_without_equipment(catalog):
    window = Window.ending(END, 120)
    base = make_person(5, 0, window, ["gym"])
    person = dataclasses.replace(
        base, access="bodyweight", equipment=ACCESS_EQUIPMENT["bodyweight"], fitness_goal="general_fitness",
        joined_day=0, joined_at=window.at(0, 7), churn_day=None, breaks=(), adherence_start=1.0, adherence_floor=1.0,
    )
    from synthetic.training import simulate_training

    workouts, _ = simulate_training(5, person, catalog, window)
    served = make_recommendations(5, person, catalog, workouts, window)
    assert served
    assert {e.equipment for r in served for e in r.exercises} == {"NONE"}


def test_feedback_follows_the_recommendation_and_the_next_workout(population):
    now = Window.ending(END, 150).now
    for plan in population:
        for r in plan.recommendations:
            following = next_workout(plan, r.created_at)
            trained = {e.exercise.name for e in following.entries}
            listed = {e.name for e in r.exercises}
            seen = set()
            for f in r.feedback:
                assert f.action in ACTIONS
                assert f.exercise.name in listed
                assert (f.exercise.name, f.action) not in seen, "one reaction of a kind per exercise"
                seen.add((f.exercise.name, f.action))
                assert r.created_at < f.created_at <= now
                assert f.created_at.microsecond == 0
                if f.action == FeedbackAction.accepted:
                    assert f.exercise.name in trained and f.created_at < following.started_at
                if f.action == FeedbackAction.thumbs_up:
                    assert f.exercise.name in trained and f.created_at > following.completed_at
                if f.action in (FeedbackAction.skipped, FeedbackAction.thumbs_down):
                    assert f.exercise.name not in trained


def test_nothing_happens_after_now_and_lists_come_between_workouts(population):
    window = Window.ending(END, 150)
    for plan in population:
        done = sorted((w for w in plan.workouts if w.status == WorkoutStatus.completed.value), key=lambda w: w.started_at)
        for r in plan.recommendations:
            assert plan.person.joined_at <= r.created_at < window.now
            # Served after the previous workout ended: the workout it prepares is the next one.
            earlier = [w for w in done if w.started_at < r.created_at]
            assert not earlier or earlier[-1].completed_at <= r.created_at


def test_acceptance_rates_are_believable(population):
    actions = Counter(f.action for p in population for r in p.recommendations for f in r.feedback)
    assert set(actions) == ACTIONS
    rate = actions["accepted"] / (actions["accepted"] + actions["skipped"])
    assert 0.1 < rate < 0.6
    assert actions["thumbs_up"] < actions["accepted"] and actions["thumbs_down"] < actions["skipped"]
    served = [r for p in population for r in p.recommendations]
    silent = sum(not r.feedback for r in served)
    assert 0.05 < silent / len(served) < 0.4, "some lists get no reaction at all"


def test_no_history_no_recommendations(catalog, population):
    idle = [p for p in population if not any(w.status == WorkoutStatus.completed.value for w in p.workouts)]
    assert all(not p.recommendations for p in idle)
    window = Window.ending(END, 150)
    assert make_recommendations(2024, population[0].person, catalog, [], window) == []
