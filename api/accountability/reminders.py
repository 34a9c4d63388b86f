"""Reminders made when the person opens their inbox, each at most once per period (dedupe
keys): goal at risk (weekly), streak at risk (weekly) and the partners' weekly check-in."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from api.accountability.partners import accepted_partners, other
from api.accountability.streaks import streak
from api.enums import FriendshipStatus
from api.goals.service import at_risk, progress
from api.models import AccountabilityPartner, User, UserGoal
from api.notifications.service import notify


def make_reminders(session: Session, user: User, now: datetime) -> None:
    mine = streak(session, user, now)
    week = mine.this_week.start.isoformat()
    synthetic = user.is_synthetic
    if mine.at_risk:
        notify(session, user.id, "streak_at_risk", f"Your {mine.current_weeks}-week streak is at risk",
               f"{mine.needed} more session{'s' if mine.needed > 1 else ''} this week keep it going.",
               dedupe_key=f"streak_at_risk:{week}", synthetic=synthetic)
    today = now.astimezone(ZoneInfo(user.time_zone)).date()
    for goal in session.scalars(select(UserGoal).where(*_open_dated_goals(user.id))):
        if at_risk(goal, today):
            notify(session, user.id, "goal_at_risk", f"Goal at risk: {goal.title}",
                   f"{round(progress(goal) * 100)}% done, and the target date is {goal.target_date.isoformat()}.",
                   data={"goal_id": goal.id}, dedupe_key=f"goal_at_risk:{goal.id}:{week}", synthetic=synthetic)
    last_week = mine.recent[-2]
    for p in accepted_partners(session, user):
        if p.responded_at is None or p.responded_at.date() > last_week.start + timedelta(days=6):
            continue  # partners since this week: no week together to look back on yet
        them = other(p, user)
        theirs = streak(session, them, now).recent[-2]
        notify(session, user.id, "weekly_checkin", f"Weekly check-in with {them.username}",
               f"Last week: you {last_week.sessions}/{user.weekly_target_sessions or '-'}, "
               f"{them.username} {theirs.sessions}/{them.weekly_target_sessions or '-'}.",
               actor_id=them.id, data={"partnership_id": p.id}, dedupe_key=f"checkin:{p.id}:{last_week.start.isoformat()}",
               synthetic=synthetic)
    session.commit()


def _open_dated_goals(user_id):
    """The goals a reminder can be about: not reached, with a target date."""
    return UserGoal.user_id == user_id, UserGoal.is_achieved.is_(False), UserGoal.target_date.is_not(None)


def people_with_reminders(session: Session) -> list[User]:
    """Everyone a reminder may be due to: a weekly target, an open goal with a date, or a partner."""
    goal = exists().where(*_open_dated_goals(User.id))
    partner = exists().where(
        or_(AccountabilityPartner.requester_id == User.id, AccountabilityPartner.addressee_id == User.id),
        AccountabilityPartner.status == FriendshipStatus.accepted,
    )
    return list(session.scalars(select(User).where(User.is_active, or_(User.weekly_target_sessions.is_not(None), goal, partner)).order_by(User.id)))
