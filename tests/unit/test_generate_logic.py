"""The synthetic data generator without a database: determinism, argument checks, and whether
the simulated training behaves like real training logs."""

import dataclasses
import os
import re
import statistics
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from api.enums import SetType, WorkoutStatus
from pulse.formulas import estimated_one_rep_max
from synthetic import generate
from synthetic.body import body_stats
from synthetic.catalog import Catalog, load_step, round_load
from synthetic.goals import is_met
from synthetic.people import (
    ACCESS_EQUIPMENT,
    community_count,
    community_kinds,
    make_person,
)
from synthetic.plan import plan_population, validate
from synthetic.programs import MAIN
from synthetic.records import Window
from synthetic.training import simulate_training

END = date(2025, 6, 30)
REPO = Path(__file__).resolve().parents[2]
WORK_SETS = (SetType.normal.value, SetType.failure.value)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_library_file()


@pytest.fixture(scope="module")
def population(catalog):
    return list(plan_population(120, 150, 2024, END, catalog))


def completed(plan):
    return [w for w in plan.workouts if w.status == WorkoutStatus.completed.value]


def consistent_lifter(catalog, experience: str, days: int = 84, seed: int = 3, **changes):
    """A strength trainee with a full gym who never misses a session, never stops, never travels."""
    window = Window.ending(END, days)
    base = make_person(seed, 0, window, ["barbell_club"])
    person = dataclasses.replace(
        base, fitness_goal="strength", experience=experience, access="gym", equipment=ACCESS_EQUIPMENT["gym"],
        unit_system="metric", joined_day=0, joined_at=window.at(0, 7), churn_day=None, breaks=(),
        adherence_start=1.0, adherence_floor=1.0, sessions_per_week=3, training_days=(0, 2, 4), talent=1.0,
        strength_level={"beginner": 0.6, "intermediate": 1.0, "advanced": 1.3}[experience],
        planner=False, logs_rpe=True, logs_warmups=True, female=False, **changes,
    )
    workouts, _ = simulate_training(seed, person, catalog, window)
    return person, [w for w in workouts if w.status == WorkoutStatus.completed.value]


def top_set_estimates(workouts, exercise_name):
    """(day, best estimated 1RM over the work sets) for each session with that exercise."""
    found = []
    for w in workouts:
        for entry in w.entries:
            if entry.exercise.name == exercise_name:
                work = [s for s in entry.sets if s.set_type != SetType.warmup.value]
                estimates = [e for s in work if (e := estimated_one_rep_max(float(s.weight_kg), s.reps)) is not None]
                if estimates:
                    found.append((w.started_at, max(estimates)))
    return found


def main_lift(workouts):
    counts = {}
    for w in workouts:
        for entry in w.entries:
            if entry.role == MAIN and entry.exercise.measure == "weighted":
                counts[entry.exercise.name] = counts.get(entry.exercise.name, 0) + 1
    return max(sorted(counts), key=counts.get)


# ---- determinism and arguments -----------------------------------------------------------------


def test_same_seed_same_plan_and_another_seed_another(catalog):
    first = list(plan_population(25, 60, 7, END, catalog))
    again = list(plan_population(25, 60, 7, END, catalog))
    other = list(plan_population(25, 60, 8, END, catalog))
    assert first == again
    assert [p.person.username for p in first] != [p.person.username for p in other]
    assert sum(len(p.workouts) for p in first) != sum(len(p.workouts) for p in other) or first != other


def test_same_plan_in_another_process_whatever_its_hash_seed():
    # String hashing is salted per process; nothing in the plan may depend on set or hash order.
    script = (
        "import hashlib; from datetime import date; from synthetic.catalog import Catalog; "
        "from synthetic.plan import plan_population; h = hashlib.sha256(); "
        "[h.update(repr(p).encode()) for p in plan_population(15, 30, 5, date(2025, 6, 30), Catalog.from_library_file())]; "
        "print(h.hexdigest())"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": hash_seed},
                         stdout=subprocess.PIPE, text=True, cwd=REPO)
        for hash_seed in ("1", "2")
    ]
    digests = {run.communicate(timeout=120)[0] for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(digests) == 1


def test_a_persons_history_does_not_depend_on_who_came_before(catalog, population):
    window = Window.ending(END, 150)
    plan = population[37]
    alone = make_person(2024, 37, window, community_kinds(2024, community_count(len(population))))
    assert alone == plan.person
    workouts, custom = simulate_training(2024, alone, catalog, window)
    assert [w.entries for w in workouts] == [w.entries for w in plan.workouts]
    assert custom == plan.custom_exercises
    assert body_stats(2024, alone, window) == plan.stats


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"users": 0}, "users must be between 1 and 1000000, got 0"),
        ({"users": 1_000_001}, "users must be between 1 and 1000000, got 1000001"),
        ({"users": "10"}, "users must be an integer, got '10'"),
        ({"days": 0}, "days must be between 1 and 3650, got 0"),
        ({"days": 3651}, "days must be between 1 and 3650, got 3651"),
        ({"seed": -1}, "seed must be between 0 and 9223372036854775807, got -1"),
        ({"seed": 1.5}, "seed must be an integer, got 1.5"),
        ({"end": "2025-01-01"}, "end must be a date, got '2025-01-01'"),
    ],
)
def test_bad_arguments_are_refused_before_connecting(arguments, message):
    values = {"users": 10, "days": 30, "seed": 1, **arguments}
    # Nothing listens on port 1: reaching the database would fail differently.
    with pytest.raises(ValueError, match=re.escape(message)):
        generate("postgresql://nobody@127.0.0.1:1/nowhere", **values)
    with pytest.raises(ValueError, match=re.escape(message)):
        validate(values["users"], values["days"], values["seed"], values.get("end"))


def test_accounts_are_synthetic_unique_and_valid(population):
    emails = [p.person.email for p in population]
    usernames = [p.person.username for p in population]
    assert len(set(emails)) == len(emails) and len({u.lower() for u in usernames}) == len(usernames)
    assert all(e.endswith(".test") and e.startswith("g2024-") for e in emails)
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]{3,40}", u) for u in usernames)
    assert all(0 < p.person.height_m < 3 for p in population)


# ---- the population ----------------------------------------------------------------------------


def test_archetypes_settings_and_timelines_are_mixed(population):
    people = [p.person for p in population]
    for attribute in ("fitness_goal", "experience", "workout_visibility", "stats_visibility", "unit_system", "access"):
        assert len({getattr(p, attribute) for p in people}) >= 2, attribute
    assert any(p.joined_day > 30 for p in people), "people join during the period"
    assert any(p.joined_day < 7 for p in people)
    assert any(p.churn_day is not None for p in people), "some people stop"
    assert any(p.breaks for p in people), "holidays and illness"


def test_only_equipment_the_person_has(population):
    for plan in population:
        for w in plan.workouts:
            for entry in w.entries:
                assert plan.person.can_use(entry.exercise.equipment), (plan.person.access, entry.exercise.name)


def test_workouts_satisfy_the_schema_rules(population):
    statuses = set()
    for plan in population:
        for w in plan.workouts:
            statuses.add(w.status)
            assert w.created_at >= plan.person.joined_at - timedelta(seconds=1)
            if w.status == WorkoutStatus.completed.value:
                assert w.started_at and w.completed_at and w.completed_at >= w.started_at
                assert w.duration_s == int((w.completed_at - w.started_at).total_seconds())
            else:
                assert w.completed_at is None and w.duration_s is None and w.calories_kcal is None
            assert [e.position for e in w.entries] == list(range(1, len(w.entries) + 1))
            for entry in w.entries:
                assert [s.set_index for s in entry.sets] == list(range(1, len(entry.sets) + 1))
                for s in entry.sets:
                    assert s.reps is not None or s.duration_s is not None or s.distance_m is not None
                    assert s.rpe is None or (1 <= s.rpe <= 10 and s.rpe == round(s.rpe, 1))
                    assert s.weight_kg is None or s.weight_kg > 0
                    if w.status == WorkoutStatus.completed.value:
                        assert w.started_at <= s.completed_at <= w.completed_at
    assert {"completed", "scheduled", "cancelled"} <= statuses


def test_warmups_are_lighter_than_the_work_sets(population):
    warmed_up = 0
    for plan in population:
        for w in completed(plan):
            for entry in w.entries:
                warmups = [s.weight_kg for s in entry.sets if s.set_type == SetType.warmup.value and s.weight_kg is not None]
                work = [s.weight_kg for s in entry.sets if s.set_type in WORK_SETS and s.weight_kg is not None]
                if warmups and work:
                    warmed_up += 1
                    assert max(warmups) < min(work)
                    assert warmups == sorted(warmups)
    assert warmed_up > 50


def test_rpe_rises_across_the_work_sets_of_a_session(population):
    rises, starts = [], []
    for plan in population:
        for w in completed(plan):
            for entry in w.entries:
                rated = [
                    float(s.rpe) for s in entry.sets
                    if s.set_type in WORK_SETS and s.rpe is not None and s.weight_kg is not None
                ]
                if len(rated) >= 3:
                    rises.append(rated[-1] - rated[0])
                    starts.append((rated[0], rated[-1] - rated[0]))
    assert len(rises) > 100
    assert statistics.mean(rises) > 0.5
    assert sum(r >= 0 for r in rises) / len(rises) > 0.85
    # Light sets are logged at the bottom of the scale (5); where there is room, RPE climbs.
    assert statistics.mean(r for first, r in starts if 5 < first <= 8) > 1.0
    # And somebody never logs RPE at all.
    assert any(not p.person.logs_rpe and completed(p) for p in population)


def test_drop_and_failure_sets_occur(population):
    kinds = {s.set_type for p in population for w in completed(p) for e in w.entries for s in e.sets}
    assert kinds == {"normal", "warmup", "drop", "failure"}


def test_runs_have_paces_that_fit_their_runners(population):
    paces = {"beginner": [], "intermediate": [], "advanced": []}
    for plan in population:
        for w in completed(plan):
            for entry in w.entries:
                if entry.exercise.name in ("Outdoor Running", "Treadmill Running"):
                    for s in entry.sets:
                        pace_min_per_km = s.duration_s / 60 / (float(s.distance_m) / 1000)
                        assert 3.0 < pace_min_per_km < 10.5
                        if s.set_type == SetType.normal.value and float(s.distance_m) >= 3000:
                            paces[plan.person.experience].append(pace_min_per_km)
    assert statistics.mean(paces["beginner"]) > statistics.mean(paces["advanced"])


# ---- progression ---------------------------------------------------------------------------------


def test_a_consistent_lifter_gets_stronger_over_twelve_weeks(catalog):
    _, workouts = consistent_lifter(catalog, "beginner")
    estimates = top_set_estimates(workouts, main_lift(workouts))
    first = statistics.mean(e for _, e in estimates[:4])
    last = statistics.mean(e for _, e in estimates[-4:])
    assert last > first * 1.1


def test_beginners_gain_faster_than_advanced_lifters(catalog):
    gains = {}
    for experience in ("beginner", "advanced"):
        _, workouts = consistent_lifter(catalog, experience, days=112)
        estimates = top_set_estimates(workouts, main_lift(workouts))
        gains[experience] = statistics.mean(e for _, e in estimates[-4:]) / statistics.mean(e for _, e in estimates[:4])
    assert gains["beginner"] > gains["advanced"]
    assert gains["advanced"] > 0.97  # slow, but not going backwards


def test_beginners_add_at_most_one_load_step_per_session(catalog, population):
    beginners = [p for p in population if p.person.experience == "beginner"]
    checked = 0
    for plan in beginners:
        last_load = {}
        for w in completed(plan):
            for entry in w.entries:
                if entry.target_weight_kg is None:
                    continue
                name = entry.exercise.name
                if name in last_load:
                    step = load_step(entry.exercise.equipment, plan.person.imperial, 1000)  # the larger step
                    assert float(entry.target_weight_kg - last_load[name]) <= step * (0.46 if plan.person.imperial else 1) + 1e-9
                    checked += 1
                last_load[name] = entry.target_weight_kg
    assert checked > 100


def test_intermediate_lifters_who_keep_deload_weeks_deload_every_few_weeks(catalog):
    _, workouts = consistent_lifter(catalog, "intermediate", days=140, deloads=True)
    name = main_lift(workouts)
    sets = [e.target_sets for w in workouts for e in w.entries if e.exercise.name == name]
    usual = max(set(sets), key=sets.count)
    lighter_weeks = sum(1 for s in sets if s < usual)
    assert lighter_weeks >= 2
    _, steady = consistent_lifter(catalog, "intermediate", days=140, deloads=False)
    assert len({e.target_sets for w in steady for e in w.entries if e.exercise.name == name}) == 1


def test_loads_are_real_plate_steps(population):
    for plan in population:
        if plan.person.imperial:
            continue
        for w in completed(plan):
            for entry in w.entries:
                for s in entry.sets:
                    if s.weight_kg is not None and entry.exercise.equipment == "BARBELL":
                        assert s.weight_kg % Decimal("2.5") == 0 and s.weight_kg >= 20


def test_round_load_uses_the_equipments_steps():
    assert round_load("BARBELL", False, 61.9) == 60
    assert round_load("BARBELL", False, 10) == 20  # never lighter than the empty bar
    assert round_load("BARBELL", True, 137) == 135
    assert str(round_load("DUMBBELL", False, 7.6)) == "7"
    assert round_load("DUMBBELL", False, 13.9) == 12
    assert round_load("BARBELL", False, 61.1, up=True) == 62.5


# ---- body weight, goals, friendships ------------------------------------------------------------


@pytest.mark.parametrize(("goal", "sign"), [("weight_loss", -1), ("muscle_gain", 1)])
def test_body_weight_follows_the_goal(goal, sign):
    window = Window.ending(END, 180)
    base = make_person(9, 4, window, ["gym"])
    trends = []
    for index in range(12):
        person = dataclasses.replace(
            make_person(9, index, window, ["gym"]), fitness_goal=goal, joined_day=0, joined_at=window.at(0, 7),
            churn_day=None, weigh_in_days=7, breaks=(),
            weight_change_kg=(-0.1 if goal == "weight_loss" else 0.04) * base.start_weight_kg,
        )
        weights = [float(s.weight_kg) for s in body_stats(9, person, window) if s.weight_kg is not None]
        trends.append(statistics.mean(weights[-4:]) - statistics.mean(weights[:4]))
    assert all(t * sign > 0 for t in trends)


def test_generated_weight_trends_match_goals(population):
    def trend(plan):
        weights = [float(s.weight_kg) for s in plan.stats if s.weight_kg is not None]
        return statistics.mean(weights[-3:]) - statistics.mean(weights[:3]) if len(weights) >= 8 else None

    losing = [t for p in population if p.person.fitness_goal == "weight_loss" and (t := trend(p)) is not None]
    assert losing and statistics.mean(losing) < 0


def test_goals_fit_the_data_and_the_rules(population):
    metrics, achieved = set(), 0
    for plan in population:
        for g in plan.goals:
            metrics.add(g.metric)
            assert (g.metric == "one_rep_max") == (g.exercise is not None)
            assert g.target_value >= 0
            if g.achieved_at is not None:
                achieved += 1
                assert g.created_at <= g.achieved_at
            if g.metric == "body_weight":
                assert g.start_value is not None and g.start_value != g.target_value
            if g.metric in ("workout_count", "total_distance", "one_rep_max") and g.achieved_at is None:
                assert not is_met(g.metric, g.goal_type, g.start_value, g.target_value, g.current_value)
            if g.metric in ("workout_count", "total_distance", "one_rep_max") and g.achieved_at is not None:
                assert is_met(g.metric, g.goal_type, g.start_value, g.target_value, g.current_value)
            if g.metric == "workout_count":
                assert g.current_value == sum(1 for w in completed(plan) if w.completed_at >= g.created_at)
    assert metrics == {"body_weight", "one_rep_max", "workout_count", "total_distance"}
    goals = sum(len(p.goals) for p in population)
    assert 0 < achieved < goals, "some goals are reached, not all"


def test_friendships_cluster_in_communities(population):
    pairs, inside, total = set(), 0, 0
    community = {p.person.index: p.person.community for p in population}
    for plan in population:
        for f in plan.friendships:
            assert f.requester != f.addressee
            pair = frozenset((f.requester, f.addressee))
            assert pair not in pairs
            pairs.add(pair)
            assert (f.responded_at is None) == (f.status == "pending")
            total += 1
            inside += community[f.requester] == community[f.addressee]
    assert total > 50
    assert inside / total > 0.6
    statuses = {f.status for p in population for f in p.friendships}
    assert statuses == {"accepted", "pending", "declined"}


def test_blocks_and_reports_come_in_realistic_shares_and_never_between_friends():
    from synthetic.people import Community, make_friendships
    from synthetic.safety import BLOCK_SHARE, REPORT_SHARE, make_blocks_and_reports

    window = Window.ending(END, 365)
    people = 4000
    kinds = community_kinds(7, community_count(people))
    community = Community()
    blockers = reporters = 0
    for index in range(people):
        person = make_person(7, index, window, kinds)
        friendships = make_friendships(7, person, community, window)
        blocks, reports = make_blocks_and_reports(7, person, community, window, friendships)
        friends = {f.requester if f.addressee == index else f.addressee for f in friendships}
        for record in blocks:
            assert record.blocker == index and record.blocked < index and record.blocked not in friends
            assert max(person.joined_at, community.joined[record.blocked]) <= record.created_at < window.now
        for record in reports:
            assert record.reported < index and (record.status == "open") == (record.resolved_at is None)
        blockers += bool(blocks)
        reporters += bool(reports)
        community.add(person)
    # Shares of people, within what chance allows at this size (and a little under: some draws
    # fall after the window ends or find only friends).
    assert 0.6 * BLOCK_SHARE < blockers / people < 1.3 * BLOCK_SHARE
    assert 0.5 * REPORT_SHARE < reporters / people < 1.5 * REPORT_SHARE


def test_community_journeys_happen_between_friends_at_the_right_times(population):
    from synthetic.community import TARGET_SHARE

    verified = {p.person.index: p.person.is_verified for p in population}
    targets = [p.weekly_target for p in population]
    assert abs(sum(t is not None for t in targets) / len(targets) - TARGET_SHARE) < 0.15
    assert all(t == p.person.sessions_per_week for t, p in zip(targets, population, strict=True) if t is not None)
    social = partners = challenges = 0
    for plan in population:
        me = plan.person.index
        accepted = {(f.requester if f.addressee == me else f.addressee): f for f in plan.friendships if f.status == "accepted"}
        for s in plan.social:
            workout = plan.workouts[s.workout]
            assert s.actor in accepted and s.actor < me and plan.person.workout_visibility != "private"
            assert workout.completed_at < s.created_at and accepted[s.actor].responded_at <= workout.completed_at
        for p in plan.partners:
            assert p.partner in accepted and accepted[p.partner].responded_at <= p.created_at < p.responded_at
        for c in plan.challenges:
            assert plan.person.is_verified and c.starts_on <= c.ends_on and (c.ends_on - c.starts_on).days < 28
            assert all(i in accepted and verified[i] and (status == "invited") == (at is None) for i, status, at in c.invitees)
        social += len(plan.social)
        partners += len(plan.partners)
        challenges += len(plan.challenges)
    assert social > 100 and partners >= 1 and challenges >= 1
