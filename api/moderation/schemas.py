from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from api.enums import ReportReason, ReportStatus, ReportSubject
from api.friends.schemas import FriendOut
from api.schemas import Id, LongText, StrictModel


class ReportCreate(StrictModel):
    subject: ReportSubject
    user_id: Id | None = Field(default=None, description="the person reported (subject 'user')")
    workout_id: Id | None = Field(default=None, description="the workout reported (subject 'workout'), one you can see")
    reason: ReportReason
    details: LongText | None = Field(default=None, max_length=2000, description="what happened, for the moderator")

    @model_validator(mode="after")
    def _names_its_subject(self) -> "ReportCreate":
        wanted = {ReportSubject.user: "user_id", ReportSubject.workout: "workout_id"}[self.subject]
        given = {name for name in ("user_id", "workout_id") if getattr(self, name) is not None}
        if given != {wanted}:
            raise ValueError(f"a report on a {self.subject.value} gives {wanted} and nothing else")
        return self


class ReportOut(BaseModel):
    """A report as its reporter sees it: what they sent and where it stands, nothing more."""

    id: int
    subject: ReportSubject
    reported_user: FriendOut
    workout_id: int | None
    reason: ReportReason
    details: str | None
    status: ReportStatus
    created_at: datetime
    resolved_at: datetime | None


class ReportedWorkout(BaseModel):
    id: int
    name: str
    description: str | None
    notes: str | None
    completed_at: datetime | None


class ModerationReportOut(ReportOut):
    """A report in the moderators' queue, with what was reported."""

    reporter: FriendOut
    workout: ReportedWorkout | None
    open_reports_on_user: int = Field(description="open reports on the same person, this one included")
    resolved_by: FriendOut | None
    resolution_note: str | None


class ReportDecision(StrictModel):
    note: LongText | None = Field(default=None, max_length=2000, description="why, for the record")
