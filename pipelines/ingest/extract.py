"""Incremental, idempotent copies of the app tables into the warehouse's `raw` schema.

Each table is extracted on `updated_at`. The watermark is the moment of the app snapshot the last
run read (the app's clock, like `updated_at`); a run reads the rows whose `updated_at` is after the
watermark minus a lookback, because `updated_at` is its transaction's start and a transaction
running across the snapshot commits rows older than it.
Rows are streamed with COPY from the app database into a temporary table of the warehouse and
upserted there, together with the new watermark, in ONE warehouse transaction: a run killed
halfway leaves the table as it was, and a rerun gives exactly the rows an uninterrupted run would.
Rows gone from the app are kept in raw with `_deleted_at` set, so incremental dbt models see the
deletion. When the app gains a column, the next run re-reads the whole table once, because rows
that existed before got their value without a new `updated_at`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import psycopg
from psycopg import sql

RAW_SCHEMA = "raw"
APP_SCHEMA = "app"
STATE_TABLE = "_ingest_state"
# What must never leave the app database: contact data, who holds admin rights, and what people
# wrote to each other or to the moderators (analysts count it; they do not read it).
EXCLUDED_COLUMNS = {
    "users": {"email", "hashed_password", "full_name", "is_admin", "bio"},
    "comments": {"body"},
    "reports": {"details", "resolution_note"},
}
# Tables in an order where parents come before children (for readers, not for constraints).
TABLES = [
    "users", "exercises", "friendships", "user_stats", "user_goals", "workouts", "workout_exercises", "workout_sets",
    "recommendations", "recommendation_feedback", "comments", "reactions", "reports", "challenges", "challenge_participants",
]
DEFAULT_LOOKBACK = timedelta(minutes=10)


@dataclass(frozen=True)
class Column:
    name: str
    warehouse_type: str  # enum types of the app become text: the warehouse may be another database


@dataclass(frozen=True)
class IngestResult:
    table: str
    extracted: int  # rows read from the app in the window
    written: int  # new or changed rows written to raw
    deleted: int  # rows newly marked deleted
    watermark: str  # the app snapshot this run read


def app_columns(app: psycopg.Connection, table: str) -> list[Column]:
    rows = app.execute(
        """
        SELECT a.attname,
               CASE WHEN t.typtype = 'e' THEN 'text'
                    WHEN e.typtype = 'e' THEN 'text[]'
                    ELSE format_type(a.atttypid, a.atttypmod) END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
        WHERE a.attrelid = format('%%I.%%I', %s::text, %s::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """,
        (APP_SCHEMA, table),
    ).fetchall()
    if not rows:
        raise LookupError(f"table {APP_SCHEMA}.{table} has no columns; is the app schema migrated?")
    excluded = EXCLUDED_COLUMNS.get(table, set())
    return [Column(name, kind) for name, kind in rows if name not in excluded]


def ensure_raw_table(wh: psycopg.Connection, table: str, columns: list[Column]) -> list[str]:
    """Create raw.<table> (and the watermark table) when missing, add columns the app gained, and
    drop private columns an earlier version may have copied. Returns the columns added to a table
    that existed already: its old rows lack their values until they are read again."""
    wh.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(RAW_SCHEMA)))
    wh.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {}.{} (table_name text PRIMARY KEY, watermark timestamptz, ingested_at timestamptz NOT NULL)"
        ).format(sql.Identifier(RAW_SCHEMA), sql.Identifier(STATE_TABLE))
    )
    existing = {
        row[0] for row in wh.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s",
            (RAW_SCHEMA, table),
        )
    }
    definitions = [sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.warehouse_type)) for c in columns]
    wh.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {}.{} ({}, _loaded_at timestamptz NOT NULL, _deleted_at timestamptz, PRIMARY KEY (id))"
        ).format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table), sql.SQL(", ").join(definitions))
    )
    added = []
    for column, definition in zip(columns, definitions, strict=True):
        if existing and column.name not in existing:
            wh.execute(
                sql.SQL("ALTER TABLE {}.{} ADD COLUMN {}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table), definition)
            )
            added.append(column.name)
    for private in sorted(EXCLUDED_COLUMNS.get(table, set()) & existing):
        # CASCADE: staging views select * from raw, so they depend on every column; the dbt run
        # that follows the ingest builds them again.
        wh.execute(
            sql.SQL("ALTER TABLE {}.{} DROP COLUMN {} CASCADE").format(
                sql.Identifier(RAW_SCHEMA), sql.Identifier(table), sql.Identifier(private)
            )
        )
    wh.execute(
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (_loaded_at)").format(
            sql.Identifier(f"ix_{table}_loaded_at"), sql.Identifier(RAW_SCHEMA), sql.Identifier(table)
        )
    )
    return added


def _stream(app: psycopg.Connection, wh: psycopg.Connection, query: sql.Composable, target: sql.Composable, on_bytes: Callable[[int], None] | None) -> None:
    """COPY the result of `query` on the app database into `target` on the warehouse, chunk by
    chunk, so memory stays flat whatever the table's size."""
    with app.cursor().copy(sql.SQL("COPY ({}) TO STDOUT (FORMAT binary)").format(query)) as source:
        with wh.cursor().copy(sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(target)) as sink:
            for chunk in source:
                sink.write(chunk)
                if on_bytes is not None:
                    on_bytes(len(chunk))


def ingest_table(
    app: psycopg.Connection,
    wh: psycopg.Connection,
    table: str,
    lookback: timedelta = DEFAULT_LOOKBACK,
    on_bytes: Callable[[int], None] | None = None,
) -> IngestResult:
    """Bring raw.<table> up to date with app.<table>. Both connections must be in autocommit
    mode (each step opens its own transaction)."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    columns = app_columns(app, table)
    names = sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    # Cast on the app side: enum values leave as text, whatever database receives them.
    casted = sql.SQL(", ").join(sql.SQL("{}::{}").format(sql.Identifier(c.name), sql.SQL(c.warehouse_type)) for c in columns)
    raw = sql.SQL("{}.{}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table))
    with wh.transaction():
        # One ingest of a table at a time; a second waits here instead of interleaving (also
        # with the schema changes: both would otherwise try to add the same new column).
        wh.execute("SELECT pg_advisory_xact_lock(hashtext('pulse-ingest-' || %s))", (table,))
        added = ensure_raw_table(wh, table, columns)
        row = wh.execute(
            sql.SQL("SELECT watermark FROM {}.{} WHERE table_name = %s").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(STATE_TABLE)),
            (table,),
        ).fetchone()
        # A new column: read everything once, and write every row (its updated_at did not move).
        watermark = row[0] if row and not added else None

        # Snapshot the app side once, so the window and the id list agree with each other.
        with app.transaction():
            app.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            snapshot_at = app.execute("SELECT now()").fetchone()[0]
            wh.execute(
                sql.SQL("CREATE TEMP TABLE _batch (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP").format(raw)
            )
            wh.execute("ALTER TABLE _batch DROP COLUMN _loaded_at, DROP COLUMN _deleted_at")
            select = sql.SQL("SELECT {} FROM {}.{}").format(casted, sql.Identifier(APP_SCHEMA), sql.Identifier(table))
            if watermark is not None:
                select = sql.SQL("{} WHERE updated_at > {}").format(select, sql.Literal(watermark - lookback))
            _stream(app, wh, select, sql.SQL("_batch ({})").format(names), on_bytes)
            wh.execute("CREATE TEMP TABLE _app_ids (id bigint PRIMARY KEY) ON COMMIT DROP")
            ids = sql.SQL("SELECT id FROM {}.{}").format(sql.Identifier(APP_SCHEMA), sql.Identifier(table))
            _stream(app, wh, ids, sql.SQL("_app_ids (id)"), on_bytes)

        extracted = wh.execute("SELECT count(*) FROM _batch").fetchone()[0]
        updates = sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c.name)) for c in columns if c.name != "id"
        )
        # Only a new row version is written: re-read rows of the lookback window change nothing.
        written = wh.execute(
            sql.SQL(
                "INSERT INTO {raw} ({names}, _loaded_at) SELECT {names}, now() FROM _batch "
                "ON CONFLICT (id) DO UPDATE SET {updates}, _loaded_at = now(), _deleted_at = NULL "
                "WHERE {raw}.updated_at IS DISTINCT FROM EXCLUDED.updated_at OR {raw}._deleted_at IS NOT NULL OR {rewrite}"
            ).format(raw=raw, names=names, updates=updates, rewrite=sql.Literal(bool(added)))
        ).rowcount
        deleted = wh.execute(
            sql.SQL(
                "UPDATE {raw} SET _deleted_at = now(), _loaded_at = now() "
                "WHERE _deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM _app_ids a WHERE a.id = {raw}.id)"
            ).format(raw=raw)
        ).rowcount
        if written or deleted:
            # Fresh statistics, or the planner guesses badly on the first dbt run after a load.
            wh.execute(sql.SQL("ANALYZE {}").format(raw))
        wh.execute(
            sql.SQL(
                "INSERT INTO {}.{} (table_name, watermark, ingested_at) VALUES (%s, %s, now()) "
                "ON CONFLICT (table_name) DO UPDATE SET watermark = EXCLUDED.watermark, ingested_at = EXCLUDED.ingested_at"
            ).format(sql.Identifier(RAW_SCHEMA), sql.Identifier(STATE_TABLE)),
            (table, snapshot_at),
        )
    return IngestResult(table, extracted, written, deleted, snapshot_at.isoformat())
