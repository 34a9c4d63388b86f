"""Engine and sessions for the app database."""

import enum
import functools
import time

from sqlalchemy import Engine, Row, Select, Table, TextClause, create_engine, event, exc, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

# A connection back in the pool for longer than this is checked (SELECT 1) before it is handed out,
# so a restarted database costs a failed check, not a failed request. One in steady use is not:
# checking every time was a third of the round trips of a short request.
CHECK_AFTER_IDLE_S = 10.0


def make_engine(url: URL | str, pool_size: int = 5, check_after_idle_s: float = CHECK_AFTER_IDLE_S) -> Engine:
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size)

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _idle_from_now(dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_after_idle(dbapi_connection, record, proxy) -> None:
        if time.monotonic() - record.info["idle_since"] > check_after_idle_s:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except engine.dialect.loaded_dbapi.Error as error:
                raise exc.DisconnectionError("the database closed this connection") from error  # the pool opens a new one

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def fetch_page(session: Session, query: Select, limit: int, offset: int) -> tuple[list, int]:
    """One page of an ordered query's rows (single entities, or tuples for several columns)
    and the number of rows in all, counted by the same statement (a window over every match)."""
    result = session.execute(query.add_columns(func.count().over().label("rows_in_all")).limit(limit).offset(offset)).all()
    if not result:  # nothing on this page: count on their own (0 unless the page is past the end)
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) if offset else 0
        return [], total
    rows = [row[0] for row in result] if len(result[0]) == 2 else [tuple(row[:-1]) for row in result]
    return rows, result[0][-1]


def insert_rows(session: Session, table: Table, rows: list[dict], returning: tuple[str, ...]) -> list[Row]:
    """INSERT `rows` (dicts with the same keys) with one array parameter per column, unnested by
    PostgreSQL: a short statement that the driver and the server prepare once. A VALUES list has a
    parameter per value, and past 50 of them the driver parses the statement again on every call
    (a millisecond for a workout's sets). RETURNING comes in no promised order: return a key."""
    columns = tuple(rows[0])
    values = {name: [v.value if isinstance(v, enum.Enum) else v for v in (row[name] for row in rows)] for name in columns}
    return session.execute(_unnest_insert(table, columns, returning, session.get_bind().dialect), values).all()


@functools.lru_cache(maxsize=64)
def _unnest_insert(table: Table, columns: tuple[str, ...], returning: tuple[str, ...], dialect) -> TextClause:
    arrays = ", ".join(f"CAST(:{name} AS {table.c[name].type.compile(dialect=dialect)}[])" for name in columns)
    return text(
        f"INSERT INTO {table.schema}.{table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays}) RETURNING {', '.join(returning)}"
    )
