"""The whole generation without a database: argument checks, and the population as a stream of
per-person plans (profile, custom exercises, stats, workouts with totals, goals, friendships,
recommendations served and the feedback on them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from synthetic.body import body_stats
from synthetic.catalog import Catalog
from synthetic.community import make_community
from synthetic.goals import make_goals
from synthetic.people import (
    Community,
    Person,
    community_count,
    community_kinds,
    make_friendships,
    make_person,
)
from synthetic.recommendations import make_recommendations
from synthetic.records import PersonPlan, Window
from synthetic.safety import make_blocks_and_reports
from synthetic.totals import finish_all
from synthetic.training import simulate_training

MAX_USERS = 1_000_000
MAX_DAYS = 3650
MAX_SEED = 2**63 - 1


def validate(users: int, days: int, seed: int, end: date | None) -> None:
    """Raise ValueError naming the first bad argument."""
    limits = (("users", users, 1, MAX_USERS), ("days", days, 1, MAX_DAYS), ("seed", seed, 0, MAX_SEED))
    for name, value, low, high in limits:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be an integer, got {value!r}")
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    if end is not None and (not isinstance(end, date) or hasattr(end, "hour")):
        raise ValueError(f"end must be a date, got {end!r}")


def plan_person(seed: int, person: Person, catalog: Catalog, window: Window, community: Community) -> PersonPlan:
    """Everything about one person; `community` holds the people generated before them."""
    workouts, custom = simulate_training(seed, person, catalog, window)
    stats = body_stats(seed, person, window)
    finish_all(workouts, stats)
    goals = make_goals(seed, person, workouts, stats, window)
    friendships = make_friendships(seed, person, community, window)
    recommendations = make_recommendations(seed, person, catalog, workouts, window)
    blocks, reports = make_blocks_and_reports(seed, person, community, window, friendships)
    target, social, partners, challenges = make_community(seed, person, community, window, friendships, workouts)
    return PersonPlan(person, custom, stats, workouts, goals, friendships, recommendations, blocks, reports, social, partners, challenges, target)


def plan_population(users: int, days: int, seed: int, end: date, catalog: Catalog) -> Iterator[PersonPlan]:
    """People in index order, one at a time, so a caller can write and forget each of them."""
    validate(users, days, seed, end)
    window = Window.ending(end, days)
    kinds = community_kinds(seed, community_count(users))
    community = Community()
    for index in range(users):
        person = make_person(seed, index, window, kinds)
        yield plan_person(seed, person, catalog, window, community)
        community.add(person)
