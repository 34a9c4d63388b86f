"""Body stats: weight, body fat and resting heart rate over time."""

from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import fetch_page
from api.enums import UnitSystem
from api.goals.service import refresh_goals
from api.models import User, UserStat
from api.schemas import invalid
from api.stats.schemas import MEASUREMENTS, StatCreate, StatOut, StatUpdate
from pulse.units import Quantity, from_si, to_si

# As the database's CHECKs say.
MAX_BODY_WEIGHT_KG = 700
MAX_MUSCLE_MASS_KG = 300


def _mass_kg(field: str, value, units: UnitSystem, limit_kg: int):
    mass = to_si(value, Quantity.weight, units)
    if mass is not None and mass >= limit_kg:
        raise invalid(field, f"must be under {limit_kg} kg")
    return mass


def stat_out(stat: UserStat, units: UnitSystem) -> StatOut:
    return StatOut(
        id=stat.id,
        recorded_at=stat.recorded_at,
        weight=from_si(stat.weight_kg, Quantity.weight, units),
        body_fat_pct=float(stat.body_fat_pct) if stat.body_fat_pct is not None else None,
        resting_heart_rate=stat.resting_heart_rate,
        muscle_mass=from_si(stat.muscle_mass_kg, Quantity.weight, units),
        notes=stat.notes,
        units=units,
    )


def list_stats(session: Session, owner_id: int, date_from: datetime | None, date_to: datetime | None, limit: int, offset: int) -> tuple[list[UserStat], int]:
    query = select(UserStat).where(UserStat.user_id == owner_id)
    if date_from is not None:
        query = query.where(UserStat.recorded_at >= date_from)
    if date_to is not None:
        query = query.where(UserStat.recorded_at < date_to)
    return fetch_page(session, query.order_by(UserStat.recorded_at.desc(), UserStat.id.desc()), limit, offset)


def get_own(session: Session, user: User, stat_id: int) -> UserStat:
    stat = session.get(UserStat, stat_id)
    if stat is None or stat.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"stat entry {stat_id} not found")
    return stat


def create_stat(session: Session, user: User, data: StatCreate, units: UnitSystem) -> UserStat:
    stat = UserStat(
        user_id=user.id,
        recorded_at=data.recorded_at or datetime.now(UTC),
        weight_kg=_mass_kg("weight", data.weight, units, MAX_BODY_WEIGHT_KG),
        body_fat_pct=data.body_fat_pct,
        resting_heart_rate=data.resting_heart_rate,
        muscle_mass_kg=_mass_kg("muscle_mass", data.muscle_mass, units, MAX_MUSCLE_MASS_KG),
        notes=data.notes,
        is_synthetic=user.is_synthetic,
    )
    session.add(stat)
    session.flush()
    refresh_goals(session, user)
    session.commit()
    return stat


def update_stat(session: Session, user: User, stat_id: int, data: StatUpdate, units: UnitSystem) -> UserStat:
    stat = get_own(session, user, stat_id)
    changes = data.model_dump(exclude_unset=True)
    if "weight" in changes:
        stat.weight_kg = _mass_kg("weight", changes.pop("weight"), units, MAX_BODY_WEIGHT_KG)
    if "muscle_mass" in changes:
        stat.muscle_mass_kg = _mass_kg("muscle_mass", changes.pop("muscle_mass"), units, MAX_MUSCLE_MASS_KG)
    for name, value in changes.items():
        setattr(stat, name, value)
    if stat.weight_kg is None and stat.body_fat_pct is None and stat.resting_heart_rate is None and stat.muscle_mass_kg is None:
        raise invalid("weight", f"a stat entry needs at least one of {MEASUREMENTS}")
    session.flush()
    refresh_goals(session, user)
    session.commit()
    return stat


def delete_stat(session: Session, user: User, stat_id: int) -> None:
    session.delete(get_own(session, user, stat_id))
    session.flush()
    refresh_goals(session, user)
    session.commit()
