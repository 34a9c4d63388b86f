"""Bringing a history from Strong or Hevy: upload an export, follow the import, fix its mappings."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile, status
from sqlalchemy import func, select

from api.deps import AnalyticsDep, CurrentUser, PageDep, SessionDep, SettingsDep
from api.enums import ImportStatus
from api.imports import service
from api.imports.formats import ExportReader, UnreadableFile
from api.imports.schemas import ImportOut, ImportPreview, RemapIn, RemapOut
from api.models import ExerciseNameMapping, Import
from api.recommendations.cache import invalidate_after_change
from api.schemas import Page, PathId, TimeZone, invalid

router = APIRouter(prefix="/imports", tags=["imports"])


# The fields POST /imports and POST /imports/preview share.
ExportFile = Annotated[UploadFile, File(description="a Strong or Hevy CSV export")]
FormatField = Annotated[Literal["auto", "strong", "hevy"], Form(description="detected from the header when auto")]
UnitsField = Annotated[Literal["kg", "lb"] | None, Form(description="unit of weights the file does not label; default: your unit setting")]
TimeZoneField = Annotated[TimeZone | None, Form(description="zone of times the file gives without one; default: your time_zone")]
UPLOAD_ERRORS = {413: {"description": "the file is over the upload limit"}, 422: {"description": "the file cannot be read (line and column named)"}}


@router.post("", response_model=ImportOut, status_code=status.HTTP_202_ACCEPTED, responses=UPLOAD_ERRORS)
def start_import(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep, analytics: AnalyticsDep,
    file: ExportFile, format: FormatField = "auto", units: UnitsField = None, time_zone: TimeZoneField = None,
) -> ImportOut:
    """Check the file, then import it in the background: every session becomes a workout (sessions
    already imported are skipped), exercise names are mapped to the library or become your own
    exercises. Follow it with GET /imports/{id}."""
    path = service.save_upload(file.file, settings.pulse_home_dir / "imports", user.id, settings.max_import_bytes)
    try:
        options = service.read_options(user, units, time_zone, format)
        try:
            record = service.checked_import(session, user, path, file.filename or "export.csv", options)
        except UnreadableFile as error:
            raise invalid("file", str(error)) from error
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    request.app.state.import_runner.submit(record.id, user.id, path, options)
    analytics.capture(user.id, "import_started", format=record.format)
    return service.import_out(record)


@router.post("/preview", response_model=ImportPreview, responses=UPLOAD_ERRORS)
def preview_import(
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
    file: ExportFile, format: FormatField = "auto", units: UnitsField = None, time_zone: TimeZoneField = None,
) -> ImportPreview:
    """What importing this file would do, before you do it: sessions, sets and their dates, the
    unit assumed, and what every exercise name maps to (with suggestions for those that map to
    nothing in the library). Nothing is stored; send the same file to POST /imports to import it."""
    path = service.save_upload(file.file, settings.pulse_home_dir / "imports", user.id, settings.max_import_bytes)
    try:
        reader = ExportReader(path, service.read_options(user, units, time_zone, format))
        return service.preview(session, user, reader, file.filename or "export.csv")
    except UnreadableFile as error:
        raise invalid("file", str(error)) from error
    finally:
        session.rollback()  # a preview stores nothing, whatever it touched
        path.unlink(missing_ok=True)


@router.get("", response_model=Page[ImportOut])
def list_imports(user: CurrentUser, session: SessionDep, page: PageDep) -> Page[ImportOut]:
    mine = select(Import).where(Import.user_id == user.id)
    total = session.scalar(select(func.count()).select_from(mine.subquery()))
    rows = session.scalars(mine.order_by(Import.id.desc()).limit(page.limit).offset(page.offset)).all()
    return Page(items=[service.import_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/mappings", response_model=list[RemapOut])
def list_mappings(user: CurrentUser, session: SessionDep) -> list[RemapOut]:
    """What each exercise name of your imports points at."""
    rows = session.scalars(select(ExerciseNameMapping).where(ExerciseNameMapping.user_id == user.id).order_by(ExerciseNameMapping.source_name))
    return [RemapOut(source_name=m.source_name, exercise_id=m.exercise_id, moved=0) for m in rows]


@router.put("/mappings", response_model=RemapOut, dependencies=[Depends(invalidate_after_change)])
def remap(data: RemapIn, user: CurrentUser, session: SessionDep) -> RemapOut:
    """Say which exercise a name from your imports means: its imported sets move there, and later
    imports use it."""
    mapping, moved = service.remap(session, user, data.source_name, data.exercise_id)
    return RemapOut(source_name=mapping.source_name, exercise_id=mapping.exercise_id, moved=moved)


@router.get("/{import_id}", response_model=ImportOut)
def get_import(import_id: PathId, request: Request, user: CurrentUser, session: SessionDep) -> ImportOut:
    """The import's status and report; while it runs, how far it has read."""
    record = session.get(Import, import_id)
    if record is None or record.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"import {import_id} not found")
    out = service.import_out(record)
    if record.status == ImportStatus.running:
        out.progress = request.app.state.import_runner.progress(record.id)
    return out
