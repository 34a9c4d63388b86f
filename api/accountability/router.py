"""Weekly targets and streaks, and accountability partners."""

from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from api.accountability import partners as service
from api.accountability.streaks import Streak, streak
from api.deps import AnalyticsDep, CurrentUser, SessionDep
from api.enums import FriendshipStatus
from api.friends.schemas import FriendOut
from api.models import AccountabilityPartner, User
from api.notifications.push import push_after_response
from api.schemas import Id, PathId, StrictModel

router = APIRouter(tags=["accountability"])
partners_router = APIRouter(prefix="/partners", tags=["accountability"], dependencies=[Depends(push_after_response)])


class WeekOut(BaseModel):
    week_start: date
    sessions: int
    met: bool


class StreaksOut(BaseModel):
    weekly_target: int | None = Field(description="sessions a week you aim for (PATCH /users/me weekly_target_sessions); null: none set")
    current_weeks: int = Field(description="weeks in a row that met the target, up to last week (and this one once met)")
    best_weeks: int
    this_week: WeekOut
    needed_this_week: int
    days_left_this_week: int = Field(description="today included, in your time zone")
    at_risk: bool = Field(description="a streak to lose, and as many sessions still needed as days left")
    recent_weeks: list[WeekOut] = Field(description="the last 12 weeks, this one last")


def _week(w) -> WeekOut:
    return WeekOut(week_start=w.start, sessions=w.sessions, met=w.met)


def streaks_out(s: Streak) -> StreaksOut:
    return StreaksOut(
        weekly_target=s.target, current_weeks=s.current_weeks, best_weeks=s.best_weeks, this_week=_week(s.this_week),
        needed_this_week=s.needed, days_left_this_week=s.days_left, at_risk=s.at_risk, recent_weeks=[_week(w) for w in s.recent],
    )


@router.get("/progress/streaks", response_model=StreaksOut)
def my_streaks(user: CurrentUser, session: SessionDep) -> StreaksOut:
    """Your weekly target, the current and best streak of weeks that met it (rest days never
    break it), and this week so far."""
    return streaks_out(streak(session, user, datetime.now(UTC)))


class PartnerRequest(StrictModel):
    user_id: Id = Field(description="a friend of yours")


class PartnerProgress(BaseModel):
    weekly_target: int | None
    sessions_this_week: int
    current_streak_weeks: int


class PartnershipOut(BaseModel):
    id: int
    status: FriendshipStatus
    direction: str = Field(description="'outgoing' if you asked, 'incoming' if they did")
    partner: FriendOut
    progress: PartnerProgress | None = Field(description="their week so far: only once the partnership is accepted")
    created_at: datetime


def partnership_out(session, p: AccountabilityPartner, me: User) -> PartnershipOut:
    them = service.other(p, me)
    progress = None
    if p.status == FriendshipStatus.accepted:
        theirs = streak(session, them, datetime.now(UTC))
        progress = PartnerProgress(weekly_target=theirs.target, sessions_this_week=theirs.this_week.sessions,
                                   current_streak_weeks=theirs.current_weeks)
    return PartnershipOut(
        id=p.id, status=p.status, direction="outgoing" if p.requester_id == me.id else "incoming",
        partner=FriendOut(id=them.id, username=them.username), progress=progress, created_at=p.created_at,
    )


@partners_router.get("", response_model=list[PartnershipOut])
def list_partners(user: CurrentUser, session: SessionDep) -> list[PartnershipOut]:
    """Your partners with their weekly progress, and requests either way."""
    return [partnership_out(session, p, user) for p in service.list_partners(session, user)]


@partners_router.post("", response_model=PartnershipOut, status_code=status.HTTP_201_CREATED)
def ask(data: PartnerRequest, user: CurrentUser, session: SessionDep) -> PartnershipOut:
    """Ask a friend to be accountability partners."""
    return partnership_out(session, service.ask(session, user, data.user_id), user)


@partners_router.post("/{partnership_id}/accept", response_model=PartnershipOut)
def accept(partnership_id: PathId, user: CurrentUser, session: SessionDep) -> PartnershipOut:
    return partnership_out(session, service.respond(session, user, partnership_id, accept=True), user)


@partners_router.post("/{partnership_id}/decline", response_model=PartnershipOut)
def decline(partnership_id: PathId, user: CurrentUser, session: SessionDep) -> PartnershipOut:
    return partnership_out(session, service.respond(session, user, partnership_id, accept=False), user)


@partners_router.delete("/{partnership_id}", status_code=status.HTTP_204_NO_CONTENT)
def end(partnership_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.end(session, user, partnership_id)


@partners_router.post("/{partnership_id}/nudge", status_code=status.HTTP_202_ACCEPTED)
def nudge(partnership_id: PathId, user: CurrentUser, session: SessionDep, analytics: AnalyticsDep) -> dict:
    """Send your partner a nudge (once a day); it lands in their inbox and, where they allowed
    it, as a push notification."""
    service.nudge(session, user, partnership_id, datetime.now(UTC))
    analytics.capture(user.id, "partner_nudged")
    return {"status": "sent"}
