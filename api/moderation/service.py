"""Reports of people and of what they share, and the moderators' queue."""

from datetime import UTC, datetime

from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.blocks.service import has_blocked
from api.community.service import list_comments
from api.core.db import fetch_page
from api.enums import Moderation, ReportStatus, ReportSubject, WorkoutStatus
from api.friends.schemas import FriendOut
from api.friends.service import get_visible_owner
from api.models import Comment, Report, User, Workout
from api.moderation.schemas import ModerationReportOut, ReportCreate, ReportedWorkout, ReportOut
from api.notifications.service import notify
from api.schemas import invalid


def _not_found(what: str, id_: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{what} {id_} not found")


def _reported_user(session: Session, reporter: User, user_id: int) -> User:
    if user_id == reporter.id:
        raise invalid("user_id", "you cannot report yourself")
    target = session.get(User, user_id)
    # Someone who blocked the reporter is hidden from them, here as everywhere. (A person the
    # reporter blocked may still be reported: block, then report, is the usual order.)
    if target is None or not target.is_active or has_blocked(session, target.id, reporter.id):
        raise _not_found("user", user_id)
    return target


def _reported_workout(session: Session, reporter: User, workout_id: int) -> Workout:
    workout = session.get(Workout, workout_id)
    if workout is None or workout.status != WorkoutStatus.completed:
        raise _not_found("workout", workout_id)
    if workout.user_id == reporter.id:
        raise invalid("workout_id", "you cannot report your own workout")
    try:
        get_visible_owner(session, reporter, workout.user_id, "workout")
    except HTTPException:
        raise _not_found("workout", workout_id) from None
    return workout


def _reported_comment(session: Session, reporter: User, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise _not_found("comment", comment_id)
    if comment.user_id == reporter.id:
        raise invalid("comment_id", "you cannot report your own comment")
    try:
        visible = {c.id for c, _ in list_comments(session, reporter, comment.workout_id)}
    except HTTPException:
        visible = set()
    if comment.id not in visible:
        raise _not_found("comment", comment_id)
    return comment


def create_report(session: Session, reporter: User, data: ReportCreate) -> tuple[Report, bool]:
    """The report and whether it is new: an open report of the same thing by the same person is
    not filed twice."""
    workout_id = comment_id = None
    if data.subject == ReportSubject.workout:
        workout = _reported_workout(session, reporter, data.workout_id)
        reported_id, workout_id = workout.user_id, workout.id
    elif data.subject == ReportSubject.comment:
        comment = _reported_comment(session, reporter, data.comment_id)
        reported_id, comment_id = comment.user_id, comment.id
    else:
        reported_id = _reported_user(session, reporter, data.user_id).id
    same = lambda column, value: column.is_(None) if value is None else column == value  # noqa: E731
    existing = session.scalar(
        select(Report).where(
            Report.reporter_id == reporter.id, Report.subject == data.subject, Report.reported_user_id == reported_id,
            same(Report.workout_id, workout_id), same(Report.comment_id, comment_id), Report.status == ReportStatus.open,
        )
    )
    if existing is not None:
        return existing, False
    reported = session.get(User, reported_id)
    report = Report(
        reporter_id=reporter.id, subject=data.subject, reported_user_id=reported_id, workout_id=workout_id, comment_id=comment_id,
        reason=data.reason,
        details=data.details, is_synthetic=reporter.is_synthetic or reported.is_synthetic,
    )
    session.add(report)
    session.commit()
    return report, True


def _person(user: User | None) -> FriendOut | None:
    return None if user is None else FriendOut(id=user.id, username=user.username)


def report_out(session: Session, report: Report) -> ReportOut:
    return ReportOut(
        id=report.id, subject=report.subject, reported_user=_person(session.get(User, report.reported_user_id)), workout_id=report.workout_id,
        comment_id=report.comment_id,
        reason=report.reason, details=report.details, status=report.status, created_at=report.created_at, resolved_at=report.resolved_at,
    )


def my_reports(session: Session, reporter: User, limit: int, offset: int) -> tuple[list[Report], int]:
    query = select(Report).where(Report.reporter_id == reporter.id).order_by(Report.created_at.desc(), Report.id.desc())
    return fetch_page(session, query, limit, offset)


def queue(session: Session, status_filter: ReportStatus, limit: int, offset: int) -> tuple[list[Report], int]:
    """Oldest first: the queue is worked from its front."""
    query = select(Report).where(Report.status == status_filter).order_by(Report.created_at, Report.id)
    return fetch_page(session, query, limit, offset)


def moderation_out(session: Session, report: Report) -> ModerationReportOut:
    workout = session.get(Workout, report.workout_id) if report.workout_id is not None else None
    open_on_user = session.scalar(
        select(func.count()).select_from(Report).where(Report.reported_user_id == report.reported_user_id, Report.status == ReportStatus.open)
    )
    comment = session.get(Comment, report.comment_id) if report.comment_id is not None else None
    text = comment.body if comment else session.get(User, report.reported_user_id).bio if report.subject == ReportSubject.profile else None
    return ModerationReportOut(
        **report_out(session, report).model_dump(),
        reporter=_person(session.get(User, report.reporter_id)) if report.reporter_id else None,
        workout=None if workout is None else ReportedWorkout.model_validate(workout, from_attributes=True),
        text=text,
        model_labels=report.model_labels,
        open_reports_on_user=open_on_user,
        resolved_by=_person(session.get(User, report.resolved_by_id) if report.resolved_by_id else None),
        resolution_note=report.resolution_note,
    )


def decide(session: Session, moderator: User, report_id: int, outcome: ReportStatus, note: str | None) -> Report:
    # Locked: two moderators deciding at once change it once, and the second learns it was decided.
    report = session.scalars(select(Report).where(Report.id == report_id).with_for_update().execution_options(populate_existing=True)).first()
    if report is None:
        raise _not_found("report", report_id)
    if report.status != ReportStatus.open:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"report {report_id} is already {report.status.value}")
    report.status, report.resolved_at = outcome, datetime.now(UTC)
    report.resolved_by_id, report.resolution_note = moderator.id, note
    _apply(session, report)
    session.commit()
    return report


def _apply(session: Session, report: Report) -> None:
    """What a decision does to the text it is about: resolved, others no longer see it; dismissed,
    a text waiting for review is shown (one that was already shown stays so). The author hears
    of a removal; the workout's owner of a comment that now shows."""
    if report.subject == ReportSubject.comment:
        target, column = session.get(Comment, report.comment_id), "moderation"
    elif report.subject == ReportSubject.workout:
        target, column = session.get(Workout, report.workout_id), "text_moderation"
    elif report.subject == ReportSubject.profile:
        target, column = session.get(User, report.reported_user_id), "bio_moderation"
    else:
        return
    if report.status == ReportStatus.resolved:
        setattr(target, column, Moderation.rejected)
        notify(session, report.reported_user_id, "moderation", f"A moderator removed your {report.subject.value} text",
               f"It broke the community rules ({report.reason.value}). Others no longer see it.", synthetic=report.is_synthetic)
    elif getattr(target, column) == Moderation.held:
        setattr(target, column, Moderation.allowed)
        if isinstance(target, Comment):
            owner_id = session.get(Workout, target.workout_id).user_id
            if owner_id != target.user_id:
                notify(session, owner_id, "comment", "A new comment on your workout", target.body[:140], actor_id=target.user_id,
                       data={"workout_id": target.workout_id, "comment_id": target.id}, synthetic=report.is_synthetic)


