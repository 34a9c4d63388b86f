"""Reporting people and what they share, and the administrators' moderation queue."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import AdminUser, CurrentUser, PageDep, SessionDep
from api.enums import ReportStatus
from api.moderation import service
from api.moderation.schemas import ModerationReportOut, ReportCreate, ReportDecision, ReportOut
from api.schemas import Page, PathId

router = APIRouter(tags=["safety"])


@router.post("/reports", response_model=ReportOut, status_code=status.HTTP_201_CREATED)
def report(data: ReportCreate, user: CurrentUser, session: SessionDep, response: Response) -> ReportOut:
    """Report a person, or a workout of theirs you can see, to the moderators. The person is not
    told who reported them. Reporting the same thing again while it is open changes nothing (200)."""
    row, created = service.create_report(session, user, data)
    if not created:
        response.status_code = status.HTTP_200_OK
    return service.report_out(session, row)


@router.get("/reports", response_model=Page[ReportOut])
def my_reports(user: CurrentUser, session: SessionDep, page: PageDep) -> Page[ReportOut]:
    """Your reports and where each stands."""
    rows, total = service.my_reports(session, user, page.limit, page.offset)
    return Page(items=[service.report_out(session, r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/moderation/reports", response_model=Page[ModerationReportOut])
def moderation_queue(
    admin: AdminUser,
    session: SessionDep,
    page: PageDep,
    status_filter: Annotated[ReportStatus, Query(alias="status")] = ReportStatus.open,
) -> Page[ModerationReportOut]:
    """Reports to review, oldest first (administrators)."""
    rows, total = service.queue(session, status_filter, page.limit, page.offset)
    return Page(items=[service.moderation_out(session, r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.post("/moderation/reports/{report_id}/resolve", response_model=ModerationReportOut)
def resolve(report_id: PathId, data: ReportDecision, admin: AdminUser, session: SessionDep) -> ModerationReportOut:
    """Close a report as acted on (administrators)."""
    return service.moderation_out(session, service.decide(session, admin, report_id, ReportStatus.resolved, data.note))


@router.post("/moderation/reports/{report_id}/dismiss", response_model=ModerationReportOut)
def dismiss(report_id: PathId, data: ReportDecision, admin: AdminUser, session: SessionDep) -> ModerationReportOut:
    """Close a report as needing nothing (administrators)."""
    return service.moderation_out(session, service.decide(session, admin, report_id, ReportStatus.dismissed, data.note))
