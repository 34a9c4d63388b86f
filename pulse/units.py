"""Unit conversion between what a person types and what we store (SI: kg, m, s).

Factors are exact by definition (international yard and pound agreement, 1959), and all
arithmetic is Decimal, so a value converted in and back out is the value that went in.
See docs/units.md.
"""

from decimal import Decimal
from enum import StrEnum


class UnitSystem(StrEnum):
    metric = "metric"
    imperial = "imperial"


class Quantity(StrEnum):
    weight = "weight"  # stored in kg
    distance = "distance"  # stored in m
    height = "height"  # stored in m
    # stored in km/h, not m/s: a treadmill shows km/h or mph, and both convert to km/h exactly
    speed = "speed"


KG_PER_LB = Decimal("0.45359237")
M_PER_MILE = Decimal("1609.344")
M_PER_INCH = Decimal("0.0254")
M_PER_KM = Decimal("1000")
M_PER_CM = Decimal("0.01")
KM_PER_MILE = M_PER_MILE / M_PER_KM

# How many SI units one display unit is, per unit system.
_SI_PER_DISPLAY_UNIT: dict[UnitSystem, dict[Quantity, Decimal]] = {
    UnitSystem.metric: {
        Quantity.weight: Decimal(1), Quantity.distance: M_PER_KM, Quantity.height: M_PER_CM, Quantity.speed: Decimal(1),
    },
    UnitSystem.imperial: {
        Quantity.weight: KG_PER_LB, Quantity.distance: M_PER_MILE, Quantity.height: M_PER_INCH, Quantity.speed: KM_PER_MILE,
    },
}
UNIT_LABELS: dict[UnitSystem, dict[Quantity, str]] = {
    UnitSystem.metric: {Quantity.weight: "kg", Quantity.distance: "km", Quantity.height: "cm", Quantity.speed: "km/h"},
    UnitSystem.imperial: {Quantity.weight: "lb", Quantity.distance: "mi", Quantity.height: "in", Quantity.speed: "mph"},
}
# Values leave the API rounded to this many decimal places of the display unit.
DISPLAY_PLACES = Decimal("0.001")
# The smallest change of load a gym offers: a pair of 1.25 kg, or of 2.5 lb, plates.
PLATE_STEP = {UnitSystem.metric: Decimal("2.5"), UnitSystem.imperial: Decimal("5")}


def _decimal(value: Decimal | float | int | str) -> Decimal:
    # str() first: Decimal(0.1) would carry the binary float's error into the stored value.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_si(value: Decimal | float | int | str | None, quantity: Quantity, system: UnitSystem) -> Decimal | None:
    if value is None:
        return None
    return _decimal(value) * _SI_PER_DISPLAY_UNIT[system][quantity]


def from_si_exact(value: Decimal | float | int | str | None, quantity: Quantity, system: UnitSystem) -> Decimal | None:
    """In the display unit, unrounded: what a file that must read back to the same stored value
    holds (an export)."""
    if value is None:
        return None
    return _decimal(value) / _SI_PER_DISPLAY_UNIT[system][quantity]


def to_plates(weight_kg: Decimal | float | int | str, system: UnitSystem) -> Decimal:
    """The loadable weight nearest to `weight_kg` in the person's unit (whole plate steps of it),
    in kg: a suggestion a person can put on the bar."""
    steps = max(0, round(from_si_exact(weight_kg, Quantity.weight, system) / PLATE_STEP[system]))
    return to_si(PLATE_STEP[system] * steps, Quantity.weight, system)


def from_si(value: Decimal | float | int | str | None, quantity: Quantity, system: UnitSystem) -> float | None:
    exact = from_si_exact(value, quantity, system)
    return None if exact is None else float(exact.quantize(DISPLAY_PLACES))
