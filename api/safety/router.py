"""Training-load warnings: is this week a spike for the person or for one of their muscles?"""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import CurrentUser, SessionDep
from api.enums import MuscleGroup
from api.safety import load as rules
from api.schemas import invalid

router = APIRouter(prefix="/safety", tags=["safety"])


class MuscleLoadOut(BaseModel):
    muscle_group: MuscleGroup
    hard_sets_7d: int = Field(description="working (non-warm-up) sets in the 7 days ending on the day")
    prior_week_hard_sets: int = Field(description="working sets in the 7 days before those")
    hard_sets_28d: int
    baseline_weekly_hard_sets: float = Field(description="weekly average of the 3 weeks before the last 7 days")
    warning: bool = Field(description="a jump in working sets worth a lighter week for this muscle")


class LoadOut(BaseModel):
    day: date = Field(description="the UTC day the windows end on")
    acute_load_7d: float = Field(description="sum of session loads (minutes x session RPE, 6 when none is logged) over 7 days")
    chronic_load_28d: float = Field(description="the same over 28 days")
    acwr: float | None = Field(description="acute:chronic workload ratio, (acute / 7) / (chronic / 28); null without any load")
    days_of_history: int
    warning: bool = Field(description=f"acwr above {rules.LOAD_SPIKE_ACWR} with 28 days of history")
    muscles: list[MuscleLoadOut]
    messages: list[str] = Field(description="what to tell the person, one line per warning")
    acwr_threshold: float = float(rules.LOAD_SPIKE_ACWR)
    muscle_jump_threshold: float = Field(default=float(rules.MUSCLE_JUMP_FRACTION), description="a week more than this fraction above the week before")


def _messages(load: rules.Load) -> list[str]:
    lines = []
    if load.is_load_spike:
        lines.append(f"Your training load this week is {load.acwr:.2f}x your 4-week average: plan a lighter session or a rest day.")
    for m in load.muscles:
        if m.is_spike:
            lines.append(f"{m.muscle_group.replace('_', ' ').title()}: {m.hard_sets_7d} working sets this week after {m.prior_week_hard_sets} "
                         "the week before. Give it a few days.")
    return lines


def load_out(load: rules.Load) -> LoadOut:
    return LoadOut(
        day=load.day, acute_load_7d=float(load.acute_load_7d), chronic_load_28d=float(load.chronic_load_28d),
        acwr=float(load.acwr) if load.acwr is not None else None, days_of_history=load.days_of_history, warning=load.is_load_spike,
        muscles=[MuscleLoadOut(muscle_group=m.muscle_group, hard_sets_7d=m.hard_sets_7d, prior_week_hard_sets=m.prior_week_hard_sets,
                               hard_sets_28d=m.hard_sets_28d, baseline_weekly_hard_sets=float(m.baseline_weekly_hard_sets),
                               warning=m.is_spike) for m in load.muscles],
        messages=_messages(load),
    )


@router.get("/load", response_model=LoadOut)
def training_load(
    user: CurrentUser, session: SessionDep, day: Annotated[date | None, Query(description="a UTC day; today when left out")] = None
) -> LoadOut:
    """Your acute and chronic training load and each muscle's working sets, computed from your
    workouts now: a warning when the week is a spike (docs/journeys.md says how it is decided)."""
    today = datetime.now(UTC).date()
    if day is not None and not (date(1900, 1, 1) <= day <= today + timedelta(days=1)):
        raise invalid("day", "must be a day from 1900 until today", where="query")
    return load_out(rules.training_load(session, user.id, day or today))
