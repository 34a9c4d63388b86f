"""Your data, to take away: GET /export?format=csv (Strong's columns) or format=json (everything)."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from api.deps import CurrentUser, SessionDep
from api.exports import service
from api.models import User

router = APIRouter(tags=["export"])


@router.get(
    "/export",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}, "description": "the file, as a download"}},
)
def export(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    format: Annotated[Literal["csv", "json"], Query(description="csv: your workouts in Strong's format (imports back); json: everything you own")] = "csv",
):
    """Download your data. The CSV holds your completed workouts in your units and time zone and
    imports back into Pulse (POST /imports) or into apps that read Strong's export; the JSON holds
    your profile, workouts, custom exercises, body stats, goals, friendships, feedback and imports."""
    name = f"pulse-{user.username}-{date.today().isoformat()}"
    if format == "json":
        return JSONResponse(service.everything(session, user), headers={"Content-Disposition": f'attachment; filename="{name}.json"'})

    def rows():
        # The response streams after this request's session has closed: a session of its own.
        with request.app.state.sessionmaker() as own:
            yield from service.strong_csv(own, own.get(User, user.id))

    return StreamingResponse(rows(), media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
