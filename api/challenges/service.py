"""Challenges among friends: a metric over a window of days, a leaderboard from the workouts the
joined people complete in it. Only verified accounts take part; blocks hide people from each
other's leaderboards as everywhere."""

from datetime import UTC, date, datetime, time, timedelta

from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.blocks.service import blocked_between, hidden_from
from api.enums import ChallengeMetric, ParticipantStatus, SetType, WorkoutStatus
from api.friends.service import are_friends
from api.models import Challenge, ChallengeParticipant, Exercise, User, Workout, WorkoutExercise, WorkoutSet
from api.notifications.service import notify
from api.schemas import invalid


def window(challenge: Challenge) -> tuple[datetime, datetime]:
    """The challenge's UTC days as [start, end)."""
    return datetime.combine(challenge.starts_on, time(), UTC), datetime.combine(challenge.ends_on + timedelta(days=1), time(), UTC)


def state(challenge: Challenge, today: date) -> str:
    return "upcoming" if today < challenge.starts_on else "finished" if today > challenge.ends_on else "running"


def _invitable(session: Session, creator: User, user_ids: list[int], field: str) -> list[User]:
    people = []
    for user_id in dict.fromkeys(user_ids):
        person = session.get(User, user_id)
        if (person is None or person.id == creator.id or not person.is_active or not person.is_verified
                or not are_friends(session, creator.id, person.id) or blocked_between(session, creator.id, person.id)):
            raise invalid(field, f"user {user_id} is not a verified friend of yours")
        people.append(person)
    return people


def _invite(session: Session, challenge: Challenge, creator: User, people: list[User]) -> None:
    known = {p.user_id for p in challenge.participants}
    for person in people:
        if person.id in known:
            continue
        challenge.participants.append(ChallengeParticipant(user_id=person.id, status=ParticipantStatus.invited,
                                                           is_synthetic=challenge.is_synthetic or person.is_synthetic))
        notify(session, person.id, "challenge_invite", f"{creator.username} invites you to {challenge.title}",
               f"{challenge.metric.value}, {challenge.starts_on.isoformat()} to {challenge.ends_on.isoformat()}", actor_id=creator.id,
               data={"challenge_id": challenge.id}, synthetic=challenge.is_synthetic)


def create(session: Session, creator: User, data) -> Challenge:
    if not creator.is_verified:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="verify your email address to start challenges")
    if data.ends_on < datetime.now(UTC).date():
        raise invalid("ends_on", "a challenge cannot end in the past")
    people = _invitable(session, creator, data.invite, "invite")
    challenge = Challenge(creator_id=creator.id, title=data.title, metric=data.metric, muscle_group=data.muscle_group,
                          starts_on=data.starts_on, ends_on=data.ends_on, is_synthetic=creator.is_synthetic)
    challenge.participants = [ChallengeParticipant(user_id=creator.id, status=ParticipantStatus.joined, responded_at=datetime.now(UTC),
                                                   is_synthetic=creator.is_synthetic)]
    session.add(challenge)
    session.flush()
    _invite(session, challenge, creator, people)
    session.commit()
    return challenge


def get_visible(session: Session, viewer: User, challenge_id: int) -> Challenge:
    """A challenge the viewer created, was invited to or joined; 404 for anyone else."""
    challenge = session.get(Challenge, challenge_id)
    if challenge is None or viewer.id not in {p.user_id for p in challenge.participants} or blocked_between(session, viewer.id, challenge.creator_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"challenge {challenge_id} not found")
    return challenge


def mine(session: Session, viewer: User) -> list[Challenge]:
    query = (select(Challenge).join(ChallengeParticipant).where(ChallengeParticipant.user_id == viewer.id,
                                                                 Challenge.creator_id.not_in(hidden_from(viewer.id)))
             .order_by(Challenge.ends_on.desc(), Challenge.id.desc()))
    return list(session.scalars(query))


def invite(session: Session, creator: User, challenge_id: int, user_ids: list[int]) -> Challenge:
    challenge = get_visible(session, creator, challenge_id)
    if challenge.creator_id != creator.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only the person who started the challenge invites")
    _invite(session, challenge, creator, _invitable(session, creator, user_ids, "user_ids"))
    session.commit()
    return challenge


def respond(session: Session, user: User, challenge_id: int, join: bool) -> Challenge:
    challenge = get_visible(session, user, challenge_id)
    me = next(p for p in challenge.participants if p.user_id == user.id)
    if challenge.creator_id == user.id and not join:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="you started this challenge: delete it instead")
    if join and not user.is_verified:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="verify your email address to take part in challenges")
    if join and state(challenge, datetime.now(UTC).date()) == "finished":
        raise HTTPException(status.HTTP_409_CONFLICT, detail="this challenge is over")
    me.status = ParticipantStatus.joined if join else ParticipantStatus.declined
    me.responded_at = datetime.now(UTC)
    session.commit()
    return challenge


def delete(session: Session, user: User, challenge_id: int) -> None:
    challenge = get_visible(session, user, challenge_id)
    if challenge.creator_id != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only the person who started the challenge may delete it")
    session.delete(challenge)
    session.commit()


def leaderboard(session: Session, challenge: Challenge, hidden: set[int]) -> list[tuple[User, float, int]]:
    """(person, value in SI, sessions) for each joined person but the `hidden` (those the viewer
    blocked or was blocked by), best first."""
    joined = [p.user_id for p in challenge.participants if p.status == ParticipantStatus.joined]
    people = [u for u in joined if u not in hidden]
    if not people:
        return []
    start, end = window(challenge)
    in_window = [Workout.user_id.in_(people), Workout.status == WorkoutStatus.completed, Workout.completed_at >= start, Workout.completed_at < end]
    sessions = dict(session.execute(select(Workout.user_id, func.count()).where(*in_window).group_by(Workout.user_id)).all())
    if challenge.metric == ChallengeMetric.sessions:
        values = {u: float(n) for u, n in sessions.items()}
    else:
        amount = (func.sum(WorkoutSet.weight_kg * WorkoutSet.reps) if challenge.metric == ChallengeMetric.volume
                  else func.sum(WorkoutSet.distance_m))
        query = (select(Workout.user_id, amount).join(WorkoutExercise, WorkoutExercise.workout_id == Workout.id)
                 .join(WorkoutSet, WorkoutSet.workout_exercise_id == WorkoutExercise.id)
                 .where(*in_window, WorkoutSet.set_type != SetType.warmup).group_by(Workout.user_id))
        if challenge.muscle_group is not None:
            query = query.join(Exercise, Exercise.id == WorkoutExercise.exercise_id).where(Exercise.primary_muscle == challenge.muscle_group)
        values = {u: float(v or 0) for u, v in session.execute(query)}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(people)))}
    board = [(users[u], values.get(u, 0.0), sessions.get(u, 0)) for u in people]
    return sorted(board, key=lambda row: (-row[1], row[0].username.lower()))
