"""Loading the shipped exercise library (api/data/exercises.json) idempotently."""

import json
from pathlib import Path

from sqlalchemy import func, literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from api.exercises.schemas import ExerciseCreate
from api.models import Exercise

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "data" / "exercises.json"


def read_library(path: Path = LIBRARY_FILE) -> list[ExerciseCreate]:
    """Parse and validate every entry; a bad file fails loudly before anything is written."""
    return [ExerciseCreate.model_validate(entry) for entry in json.loads(path.read_text())]


def load_library(session: Session, path: Path = LIBRARY_FILE) -> dict[str, int]:
    """Insert new library entries and update changed ones, matching on name (ignoring case).

    A rerun with an unchanged file writes nothing, so updated_at only moves for real edits.
    """
    entries = [entry.model_dump() for entry in read_library(path)]
    statement = insert(Exercise).values(entries)
    columns = [c for c in entries[0] if c != "name"]
    statement = statement.on_conflict_do_update(
        index_elements=[func.lower(Exercise.name)],
        index_where=Exercise.owner_id.is_(None),
        set_={c: statement.excluded[c] for c in columns},
        where=func.row(*[getattr(Exercise, c) for c in columns]).is_distinct_from(
            func.row(*[statement.excluded[c] for c in columns])
        ),
    )
    # xmax is 0 on a freshly inserted row version and set on an updated one.
    written = session.execute(statement.returning(literal_column("xmax = 0"))).scalars().all()
    session.commit()
    total = session.scalar(select(func.count()).where(Exercise.owner_id.is_(None)))
    inserted = sum(written)
    return {"inserted": inserted, "updated": len(written) - inserted, "total": total}
