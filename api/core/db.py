"""Engine and sessions for the app database."""

from sqlalchemy import Engine, Select, create_engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: URL | str) -> Engine:
    # pool_pre_ping: a restarted database should cost one failed check, not one failed request.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def fetch_page(session: Session, query: Select, limit: int, offset: int) -> tuple[list, int]:
    """One page of an ordered query's rows (single entities, or tuples for several columns)
    and the number of rows in all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    result = session.execute(query.limit(limit).offset(offset))
    rows = list(result.scalars()) if len(result.keys()) == 1 else [tuple(row) for row in result]
    return rows, total
