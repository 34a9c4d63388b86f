"""Removing synthetic rows (tests, demos, generators) without touching real data."""

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.models import Base

_CLASSES = {mapper.local_table: mapper.class_ for mapper in Base.registry.mappers}
# Every table that marks synthetic rows, children before parents, so each count is what was
# marked synthetic in that table itself (not what a cascade took with it).
PURGE_ORDER = [_CLASSES[table] for table in reversed(Base.metadata.sorted_tables) if "is_synthetic" in table.c]


def purge(session: Session) -> dict[str, int]:
    counts = {}
    for model in PURGE_ORDER:
        counts[model.__tablename__] = session.execute(delete(model).where(model.is_synthetic)).rowcount
    session.commit()
    return counts


def count_synthetic(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m).where(m.is_synthetic)) for m in PURGE_ORDER
    }
