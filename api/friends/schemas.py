from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from api.enums import FriendshipStatus
from api.schemas import MAX_ID, StorableText, StrictModel


class FriendRequest(StrictModel):
    user_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    username: StorableText | None = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _one_target(self) -> "FriendRequest":
        if (self.user_id is None) == (self.username is None):
            raise ValueError("give exactly one of user_id or username")
        return self


class FriendOut(BaseModel):
    id: int
    username: str


class FriendshipOut(BaseModel):
    id: int
    status: FriendshipStatus
    direction: str = Field(description="'outgoing' if you asked, 'incoming' if they did")
    friend: FriendOut
    created_at: datetime
    responded_at: datetime | None
