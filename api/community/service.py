"""Kudos and comments on workouts others can see."""

from fastapi import HTTPException, status
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from api.blocks.service import hidden_from
from api.enums import Moderation, ReportSubject, WorkoutStatus
from api.friends.service import get_visible_owner
from api.models import Comment, Reaction, User, Workout
from api.moderation.text import STATE, judge, queue_held
from api.notifications.service import notify
from api.schemas import invalid
from serving.client import MlBackend


def visible_workout(session: Session, viewer: User, workout_id: int) -> Workout:
    """A completed workout the viewer may see (their own, or one its owner's privacy and blocks
    allow); 404 otherwise, whether it exists or not."""
    workout = session.get(Workout, workout_id)
    if workout is None or workout.status != WorkoutStatus.completed:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"workout {workout_id} not found")
    if workout.user_id != viewer.id:
        try:
            get_visible_owner(session, viewer, workout.user_id, "workout")
        except HTTPException:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"workout {workout_id} not found") from None
    return workout


def give_kudos(session: Session, user: User, workout_id: int) -> bool:
    """True when new (kudos twice is one kudos)."""
    workout = visible_workout(session, user, workout_id)
    if workout.user_id == user.id:
        raise invalid("workout_id", "kudos are for other people's workouts", where="path")
    if session.scalar(select(Reaction.id).where(Reaction.workout_id == workout.id, Reaction.user_id == user.id)) is not None:
        return False
    session.add(Reaction(workout_id=workout.id, user_id=user.id, is_synthetic=user.is_synthetic or workout.is_synthetic))
    session.flush()
    notify(session, workout.user_id, "reaction", f"{user.username} gave you kudos", f"for {workout.name}", actor_id=user.id,
           data={"workout_id": workout.id}, dedupe_key=f"kudos:{workout.id}:{user.id}", synthetic=workout.is_synthetic)
    session.commit()
    return True


def take_back_kudos(session: Session, user: User, workout_id: int) -> None:
    workout = visible_workout(session, user, workout_id)
    reaction = session.scalar(select(Reaction).where(Reaction.workout_id == workout.id, Reaction.user_id == user.id))
    if reaction is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="you have not given kudos to this workout")
    session.delete(reaction)
    session.commit()


def _visible_comments(viewer: User):
    """Allowed comments, and the viewer's own whatever their state; none by people either side blocked."""
    return and_(
        or_(Comment.moderation == Moderation.allowed, Comment.user_id == viewer.id),
        Comment.user_id.not_in(hidden_from(viewer.id)),
    )


def list_comments(session: Session, viewer: User, workout_id: int) -> list[tuple[Comment, str]]:
    workout = visible_workout(session, viewer, workout_id)
    rows = session.execute(
        select(Comment, User.username).join(User, User.id == Comment.user_id)
        .where(Comment.workout_id == workout.id, _visible_comments(viewer))
        .order_by(Comment.created_at, Comment.id)
    )
    return [(c, name) for c, name in rows]


def add_comment(session: Session, ml: MlBackend, user: User, workout_id: int, body: str) -> Comment:
    workout = visible_workout(session, user, workout_id)
    verdict, version = judge(ml, body)
    if verdict.decision == "reject":
        raise invalid("body", f"this comment breaks the community rules ({', '.join(verdict.flagged) or 'flagged'}) and was not posted")
    synthetic = user.is_synthetic or workout.is_synthetic
    comment = Comment(workout_id=workout.id, user_id=user.id, body=body, moderation=STATE[verdict.decision], is_synthetic=synthetic)
    session.add(comment)
    session.flush()
    if comment.moderation == Moderation.held:
        queue_held(session, verdict, version, ReportSubject.comment, user.id, synthetic, comment_id=comment.id)
    elif workout.user_id != user.id:
        notify(session, workout.user_id, "comment", f"{user.username} commented on {workout.name}", body[:140], actor_id=user.id,
               data={"workout_id": workout.id, "comment_id": comment.id}, synthetic=synthetic)
    session.commit()
    return comment


def delete_comment(session: Session, user: User, comment_id: int) -> None:
    """The author, or the owner of the workout it is on, may delete it."""
    row = session.execute(select(Comment, Workout.user_id).join(Workout, Workout.id == Comment.workout_id).where(Comment.id == comment_id)).first()
    if row is None or user.id not in (row[0].user_id, row[1]):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"comment {comment_id} not found")
    session.delete(row[0])
    session.commit()


def social_counts(session: Session, viewer: User, workout_ids: list[int]) -> dict[int, tuple[int, int, bool]]:
    """Per workout: kudos, comments the viewer may see, and whether the viewer gave kudos."""
    if not workout_ids:
        return {}
    kudos = dict(session.execute(select(Reaction.workout_id, func.count()).where(Reaction.workout_id.in_(workout_ids)).group_by(Reaction.workout_id)).all())
    comments = dict(session.execute(
        select(Comment.workout_id, func.count()).where(Comment.workout_id.in_(workout_ids), _visible_comments(viewer)).group_by(Comment.workout_id)
    ).all())
    mine = set(session.scalars(select(Reaction.workout_id).where(Reaction.workout_id.in_(workout_ids), Reaction.user_id == viewer.id)))
    return {w: (kudos.get(w, 0), comments.get(w, 0), w in mine) for w in workout_ids}
