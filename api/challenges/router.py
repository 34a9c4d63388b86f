"""Challenges among friends, with a leaderboard from the workouts logged in their window."""

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, status

from api.blocks.service import hidden_from
from api.challenges import service
from api.challenges.schemas import ChallengeCreate, ChallengeOut, Invite, ParticipantOut, Standing
from api.deps import AnalyticsDep, CurrentUser, SessionDep, UnitsDep
from api.enums import ChallengeMetric
from api.friends.schemas import FriendOut
from api.models import Challenge, User
from api.notifications.push import push_after_response
from api.schemas import PathId
from pulse.units import UNIT_LABELS, Quantity, from_si

router = APIRouter(prefix="/challenges", tags=["community"], dependencies=[Depends(push_after_response)])

QUANTITY = {ChallengeMetric.volume: Quantity.weight, ChallengeMetric.distance: Quantity.distance}


def _person(user: User) -> FriendOut:
    return FriendOut(id=user.id, username=user.username)


def challenge_out(session, viewer: User, challenge: Challenge, units) -> ChallengeOut:
    hidden = set(session.scalars(hidden_from(viewer.id)))
    quantity = QUANTITY.get(challenge.metric)
    board = service.leaderboard(session, challenge, hidden)
    return ChallengeOut(
        id=challenge.id, title=challenge.title, metric=challenge.metric, muscle_group=challenge.muscle_group,
        starts_on=challenge.starts_on, ends_on=challenge.ends_on, creator=_person(session.get(User, challenge.creator_id)),
        your_status=next((p.status for p in challenge.participants if p.user_id == viewer.id), None),
        state=service.state(challenge, datetime.now(UTC).date()),
        participants=[ParticipantOut(person=_person(p.user), status=p.status) for p in challenge.participants if p.user_id not in hidden],
        leaderboard=[
            Standing(rank=rank, person=_person(person), value=from_si(value, quantity, units) if quantity else value, sessions=sessions)
            for rank, (person, value, sessions) in enumerate(board, start=1)
        ],
        units=UNIT_LABELS[units][quantity] if quantity else "sessions",
        created_at=challenge.created_at,
    )


@router.get("", response_model=list[ChallengeOut])
def list_challenges(user: CurrentUser, session: SessionDep, units: UnitsDep) -> list[ChallengeOut]:
    """The challenges you started, were invited to or joined, latest ending first."""
    return [challenge_out(session, user, c, units) for c in service.mine(session, user)]


@router.post("", response_model=ChallengeOut, status_code=status.HTTP_201_CREATED)
def create(data: ChallengeCreate, user: CurrentUser, session: SessionDep, units: UnitsDep, analytics: AnalyticsDep) -> ChallengeOut:
    """Start a challenge and invite friends (both sides' email verified). You join it at once."""
    challenge = service.create(session, user, data)
    analytics.capture(user.id, "challenge_created", metric=challenge.metric.value, invited=len(data.invite))
    return challenge_out(session, user, challenge, units)


@router.get("/{challenge_id}", response_model=ChallengeOut)
def get(challenge_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> ChallengeOut:
    return challenge_out(session, user, service.get_visible(session, user, challenge_id), units)


@router.post("/{challenge_id}/invite", response_model=ChallengeOut)
def invite(challenge_id: PathId, data: Invite, user: CurrentUser, session: SessionDep, units: UnitsDep) -> ChallengeOut:
    return challenge_out(session, user, service.invite(session, user, challenge_id, data.user_ids), units)


@router.post("/{challenge_id}/join", response_model=ChallengeOut)
def join(challenge_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep, analytics: AnalyticsDep) -> ChallengeOut:
    """Join a challenge you were invited to: your total in its window shows on its leaderboard
    (only the total, whatever your workout privacy)."""
    challenge = service.respond(session, user, challenge_id, join=True)
    analytics.capture(user.id, "challenge_joined", metric=challenge.metric.value)
    return challenge_out(session, user, challenge, units)


@router.post("/{challenge_id}/leave", response_model=ChallengeOut)
def leave(challenge_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> ChallengeOut:
    """Decline an invitation, or leave a challenge you joined."""
    return challenge_out(session, user, service.respond(session, user, challenge_id, join=False), units)


@router.delete("/{challenge_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(challenge_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.delete(session, user, challenge_id)
