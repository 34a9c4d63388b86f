from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime

from api.deps import CurrentUser, PageDep, SessionDep, UnitsDep
from api.schemas import Page, PathId
from api.stats import service
from api.stats.schemas import StatCreate, StatOut, StatUpdate

router = APIRouter(prefix="/stats", tags=["body stats"])

DateFrom = Annotated[AwareDatetime | None, Query(alias="from", description="inclusive, ISO 8601 with time zone")]
DateTo = Annotated[AwareDatetime | None, Query(alias="to", description="exclusive, ISO 8601 with time zone")]


@router.get("", response_model=Page[StatOut])
def list_stats(user: CurrentUser, session: SessionDep, units: UnitsDep, page: PageDep, date_from: DateFrom = None, date_to: DateTo = None) -> Page[StatOut]:
    rows, total = service.list_stats(session, user.id, date_from, date_to, page.limit, page.offset)
    return Page(items=[service.stat_out(s, units) for s in rows], total=total, limit=page.limit, offset=page.offset)


@router.post("", response_model=StatOut, status_code=status.HTTP_201_CREATED)
def create_stat(data: StatCreate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> StatOut:
    return service.stat_out(service.create_stat(session, user, data, units), units)


@router.get("/{stat_id}", response_model=StatOut)
def get_stat(stat_id: PathId, user: CurrentUser, session: SessionDep, units: UnitsDep) -> StatOut:
    return service.stat_out(service.get_own(session, user, stat_id), units)


@router.patch("/{stat_id}", response_model=StatOut)
def update_stat(stat_id: PathId, data: StatUpdate, user: CurrentUser, session: SessionDep, units: UnitsDep) -> StatOut:
    return service.stat_out(service.update_stat(session, user, stat_id, data, units), units)


@router.delete("/{stat_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_stat(stat_id: PathId, user: CurrentUser, session: SessionDep) -> None:
    service.delete_stat(session, user, stat_id)
