from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from api.enums import ReportReason, ReportStatus, ReportSubject
from api.friends.schemas import FriendOut
from api.schemas import Id, StorableText, StrictModel


class ReportCreate(StrictModel):
    subject: ReportSubject
    user_id: Id | None = Field(default=None, description="the person reported (subject 'user')")
    workout_id: Id | None = Field(default=None, description="the workout reported (subject 'workout'), one you can see")
    comment_id: Id | None = Field(default=None, description="the comment reported (subject 'comment'), one you can see")
    reason: ReportReason
    details: Annotated[StorableText, Field(max_length=2000)] | None = Field(default=None, description="what happened, for the moderator")

    @model_validator(mode="after")
    def _names_its_subject(self) -> "ReportCreate":
        wanted = {ReportSubject.user: "user_id", ReportSubject.profile: "user_id", ReportSubject.workout: "workout_id",
                  ReportSubject.comment: "comment_id"}[self.subject]
        given = {name for name in ("user_id", "workout_id", "comment_id") if getattr(self, name) is not None}
        if given != {wanted}:
            raise ValueError(f"a report on a {self.subject.value} gives {wanted} and nothing else")
        return self


class ReportOut(BaseModel):
    """A report as its reporter sees it: what they sent and where it stands, nothing more."""

    id: int
    subject: ReportSubject
    reported_user: FriendOut
    workout_id: int | None
    comment_id: int | None
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

    reporter: FriendOut | None = Field(description="null: the moderation model held the text")
    workout: ReportedWorkout | None
    text: str | None = Field(description="the comment or profile text reported or held")
    model_labels: dict | None = Field(description="what the moderation model said of a text it held")
    open_reports_on_user: int = Field(description="open reports on the same person, this one included")
    resolved_by: FriendOut | None
    resolution_note: str | None


class ReportDecision(StrictModel):
    """resolve: the report was right (the text is hidden from others for good); dismiss: nothing
    wrong (a text the model held is shown)."""

    note: Annotated[StorableText, Field(max_length=2000)] | None = Field(default=None, description="why, for the record")
