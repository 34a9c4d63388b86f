"""Body measurements over time: weigh-ins that follow the person's goal (down for weight loss,
slowly up for muscle gain, flat otherwise) with day-to-day water noise, a bump after holidays,
body fat from smart scales and resting heart rate from watches."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

from api.enums import UnitSystem
from pulse.units import Quantity, to_si
from synthetic.people import BODY, Person, person_rng
from synthetic.records import StatRecord, Window

# Body weight approaches its new level exponentially: about two thirds of the change has
# happened after this many days, most of it within the first months.
WEIGHT_CHANGE_DAYS = 110.0
# Skeletal muscle is a little over half of lean mass, as body-composition scales estimate it.
MUSCLE_SHARE_OF_LEAN_MASS = 0.56
STAT_NOTES = ("Morning, before breakfast", "After a week away", "New scale", "Felt bloated", "After a late dinner")


def true_weight_kg(person: Person, day: int) -> float:
    """Where the person's weight is heading on `day`, before daily noise."""
    elapsed = max(0, day - person.joined_day)
    weight = person.start_weight_kg + person.weight_change_kg * (1 - math.exp(-elapsed / WEIGHT_CHANGE_DAYS))
    for _, last in person.breaks:
        since = day - last
        if 0 <= since <= 21:  # holidays add a little, which fades over the next weeks
            weight += 0.8 * (1 - since / 21)
    return weight


def _logged_weight(person: Person, kg: float) -> Decimal:
    """As typed: kg to one decimal, or pounds to one decimal converted exactly."""
    if person.unit_system == UnitSystem.imperial:
        pounds = kg / float(to_si(1, Quantity.weight, UnitSystem.imperial))
        return to_si(Decimal(f"{pounds:.1f}"), Quantity.weight, UnitSystem.imperial)
    return Decimal(f"{kg:.1f}")


def body_stats(seed: int, person: Person, window: Window) -> list[StatRecord]:
    """The person's stat entries in time order (none after they churn)."""
    if person.weigh_in_days is None and person.resting_hr is None:
        return []
    rng = person_rng(seed, person.index, BODY)
    interval = person.weigh_in_days or 30
    last_day = window.days - 1 if person.churn_day is None else min(window.days - 1, person.churn_day - 1)
    stats: list[StatRecord] = []
    day = person.joined_day
    while day <= last_day:
        if not person.on_break(day) or rng.random() < 0.15:
            if day == person.joined_day:  # the first weigh-in comes with signing up
                moment = person.joined_at + timedelta(minutes=rng.randint(3, 40))
            else:
                moment = window.at(day, rng.uniform(6.0, 9.5))
            if moment < window.now:
                stats.append(_measure(person, day, moment, rng))
        day += max(1, round(interval * rng.uniform(0.6, 1.4)))
    return stats


def _measure(person: Person, day: int, moment, rng) -> StatRecord:
    weight = body_fat = heart_rate = muscle = None
    elapsed = day - person.joined_day
    if person.weigh_in_days is not None:
        kg = true_weight_kg(person, day) + rng.gauss(0, 0.3 + 0.004 * person.start_weight_kg)
        weight = _logged_weight(person, kg)
        if person.smart_scale:
            change = kg - person.start_weight_kg
            fat = person.body_fat_pct + change * (0.45 if change < 0 else 0.25) + rng.gauss(0, 0.7)
            body_fat = Decimal(f"{min(60.0, max(3.0, fat)):.1f}")
            muscle = _logged_weight(person, kg * (1 - float(body_fat) / 100) * MUSCLE_SHARE_OF_LEAN_MASS)
    if person.resting_hr is not None and (weight is None or rng.random() < 0.5):
        fitter = (4 if person.fitness_goal == "endurance" else 2) * (1 - math.exp(-elapsed / 120))
        heart_rate = int(min(100, max(38, round(person.resting_hr - fitter + rng.gauss(0, 2)))))
    notes = rng.choice(STAT_NOTES) if rng.random() < 0.03 else None
    return StatRecord(moment.replace(microsecond=0), weight, body_fat, heart_rate, notes, muscle)
