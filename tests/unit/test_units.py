from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pulse.units import KG_PER_LB, Quantity, UnitSystem, from_si, to_si

display_values = st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False, allow_infinity=False)


def test_known_conversions():
    assert to_si(225, Quantity.weight, UnitSystem.imperial) == Decimal("102.05828325")
    assert to_si(1, Quantity.distance, UnitSystem.imperial) == Decimal("1609.344")
    assert to_si("5.5", Quantity.distance, UnitSystem.metric) == Decimal("5500.0")
    assert to_si(70, Quantity.height, UnitSystem.imperial) == Decimal("1.7780")
    assert to_si(180, Quantity.height, UnitSystem.metric) == Decimal("1.80")
    assert from_si(Decimal("100"), Quantity.weight, UnitSystem.imperial) == 220.462
    assert from_si(None, Quantity.weight, UnitSystem.metric) is None
    assert to_si(None, Quantity.weight, UnitSystem.metric) is None


def test_floats_are_read_by_their_decimal_text():
    # Decimal(0.1) would be 0.1000000000000000055511151231257827...
    assert to_si(0.1, Quantity.weight, UnitSystem.metric) == Decimal("0.1")


@given(display_values, st.sampled_from(list(UnitSystem)), st.sampled_from(list(Quantity)))
def test_round_trip_is_exact(value, system, quantity):
    stored = to_si(value, quantity, system)
    assert Decimal(str(from_si(stored, quantity, system))) == value


@given(display_values)
def test_pounds_store_exactly(value):
    assert to_si(value, Quantity.weight, UnitSystem.imperial) / KG_PER_LB == value
