"""Incremental, idempotent copies of the app tables into the warehouse's `raw` schema.

The app database logs every insert, update and delete of these tables in `app.change_log`
(statement triggers; migration 0007). A run reads the ids logged since its previous snapshot and
copies just those rows; an id logged but gone from the app is a deletion. The watermark is the
oldest transaction still running at the previous snapshot (pg_snapshot_xmin): a transaction
that started before that snapshot and commits after it is read by the next run, so no late
commit is missed and no clock is trusted.
A whole-table read (every row, and deletions found by comparing id lists) happens only on the
first run, when the app gained a column (rows that existed got its default without a change),
after a TRUNCATE, when the last run is older than the change log keeps, or when asked.
Rows are streamed with COPY from the app database into a temporary table of the warehouse and
upserted there, together with the new watermark, in ONE warehouse transaction: a run killed
halfway leaves the table as it was, and a rerun gives exactly the rows an uninterrupted run would.
Rows gone from the app are kept in raw with `_deleted_at` set, so incremental dbt models see the
deletion.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

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
# Foreign keys the incremental dbt models follow from a changed row to what it changes (a set to
# its workout, an exercise or a person to their workouts, a person to their goals and body stats):
# index lookups instead of scans.
RAW_KEY_INDEXES = {
    "workouts": ["user_id", "completed_at"],  # completed_at: a backfill's days
    "workout_exercises": ["workout_id", "exercise_id"],
    "workout_sets": ["workout_exercise_id"],
    "user_goals": ["user_id"],
    "user_stats": ["user_id"],
}
CHANGE_LOG = "change_log"
# The ingest prunes change-log rows older than this, and a run whose previous snapshot is older
# than CHANGE_LOG_TRUSTED reads the whole table (a day's margin for long transactions).
CHANGE_LOG_KEPT = timedelta(days=8)
CHANGE_LOG_TRUSTED = timedelta(days=7)
# A row deleted in the app keeps its last values in raw only while incremental models may still
# have to see the deletion (the next run does); then it goes, so deleted accounts leave raw too.
TOMBSTONES_KEPT = timedelta(days=30)


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
    full: bool  # the whole table was read (see the module docstring for when)


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
            "CREATE TABLE IF NOT EXISTS {0}.{1} (table_name text PRIMARY KEY, watermark timestamptz, ingested_at timestamptz NOT NULL);"
            "ALTER TABLE {0}.{1} ADD COLUMN IF NOT EXISTS watermark_xid bigint"
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
    # When the row first reached raw (NULL: before this column existed): incremental models tell
    # a new workout, which changes only its own week, from an edited one, which may have moved.
    wh.execute(
        sql.SQL(
            "ALTER TABLE {0}.{1} ADD COLUMN IF NOT EXISTS _first_loaded_at timestamptz; "  # old rows stay NULL
            "ALTER TABLE {0}.{1} ALTER COLUMN _first_loaded_at SET DEFAULT now()"
        ).format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table))
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
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (_deleted_at) WHERE _deleted_at IS NOT NULL").format(
            sql.Identifier(f"ix_{table}_deleted_at"), sql.Identifier(RAW_SCHEMA), sql.Identifier(table)
        )
    )
    for column in ["_loaded_at", *RAW_KEY_INDEXES.get(table, [])]:
        wh.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} ({})").format(
                sql.Identifier(f"ix_{table}_{column.strip('_')}"), sql.Identifier(RAW_SCHEMA), sql.Identifier(table), sql.Identifier(column)
            )
        )
    return added


def stream(app: psycopg.Connection, wh: psycopg.Connection, query: sql.Composable, target: sql.Composable, on_bytes: Callable[[int], None] | None = None) -> None:
    """COPY the result of `query` on the app database into `target` on the warehouse, chunk by
    chunk, so memory stays flat whatever the table's size."""
    with app.cursor().copy(sql.SQL("COPY ({}) TO STDOUT (FORMAT binary)").format(query)) as source:
        with wh.cursor().copy(sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(target)) as sink:
            for chunk in source:
                sink.write(chunk)
                if on_bytes is not None:
                    on_bytes(len(chunk))


def _changed_ids(table: str, since_xid: int) -> sql.Composable:
    return sql.SQL("SELECT DISTINCT row_id FROM {}.{} WHERE table_name = {} AND transaction_id >= {}").format(
        sql.Identifier(APP_SCHEMA), sql.Identifier(CHANGE_LOG), sql.Literal(table), sql.Literal(since_xid)
    )


def _reads_changes_since(app: psycopg.Connection, table: str, state: tuple | None, snapshot_at: datetime) -> int | None:
    """The transaction id to read the change log from, or None when the whole table must be read."""
    if state is None or state[1] is None or snapshot_at - state[0] > CHANGE_LOG_TRUSTED:
        return None
    truncated = app.execute(
        sql.SQL("SELECT 1 FROM {}.{} WHERE table_name = %s AND transaction_id >= %s AND row_id IS NULL LIMIT 1").format(
            sql.Identifier(APP_SCHEMA), sql.Identifier(CHANGE_LOG)
        ),
        (table, state[1]),
    ).fetchone()
    return None if truncated else state[1]


def ingest_table(
    app: psycopg.Connection,
    wh: psycopg.Connection,
    table: str,
    on_bytes: Callable[[int], None] | None = None,
    full: bool = False,
    reread: tuple[datetime, datetime] | None = None,
) -> IngestResult:
    """Bring raw.<table> up to date with app.<table> (`full`: read the whole table, as the weekly
    reconciliation suggests when it finds drift; `reread`: also read again the rows updated in
    [start, end), as a backfill of those days does). Both connections must be in autocommit mode
    (each step opens its own transaction)."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    columns = app_columns(app, table)
    names = sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    # Cast on the app side: enum values leave as text, whatever database receives them.
    casted = sql.SQL(", ").join(sql.SQL("{}::{}").format(sql.Identifier(c.name), sql.SQL(c.warehouse_type)) for c in columns)
    raw = sql.SQL("{}.{}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(table))
    app_table = sql.SQL("{}.{}").format(sql.Identifier(APP_SCHEMA), sql.Identifier(table))
    with wh.transaction():
        # One ingest of a table at a time; a second waits here instead of interleaving (also
        # with the schema changes: both would otherwise try to add the same new column).
        wh.execute("SELECT pg_advisory_xact_lock(hashtext('pulse-ingest-' || %s))", (table,))
        added = ensure_raw_table(wh, table, columns)
        state = wh.execute(
            sql.SQL("SELECT watermark, watermark_xid FROM {}.{} WHERE table_name = %s").format(
                sql.Identifier(RAW_SCHEMA), sql.Identifier(STATE_TABLE)
            ),
            (table,),
        ).fetchone()

        # One app snapshot for the change list, the rows and the next watermark.
        with app.transaction():
            app.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            snapshot_at, snapshot_xmin = app.execute("SELECT now(), pg_snapshot_xmin(pg_current_snapshot())::text::bigint").fetchone()
            since = None if full or added else _reads_changes_since(app, table, state, snapshot_at)
            wh.execute(
                sql.SQL("CREATE TEMP TABLE _batch (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP").format(raw)
            )
            wh.execute("ALTER TABLE _batch DROP COLUMN _loaded_at, DROP COLUMN _deleted_at, DROP COLUMN _first_loaded_at")
            # The ids to compare with raw for deletions: every app id, or the ids logged as changed.
            wh.execute("CREATE TEMP TABLE _ids (id bigint PRIMARY KEY) ON COMMIT DROP")
            select = sql.SQL("SELECT {} FROM {}").format(casted, app_table)
            if since is None:
                ids = sql.SQL("SELECT id FROM {}").format(app_table)
            else:
                ids = _changed_ids(table, since)
                wanted = sql.SQL("id IN ({})").format(ids)
                if reread is not None:
                    wanted = sql.SQL("{} OR updated_at >= {} AND updated_at < {}").format(wanted, sql.Literal(reread[0]), sql.Literal(reread[1]))
                select = sql.SQL("{} WHERE {}").format(select, wanted)
            stream(app, wh, select, sql.SQL("_batch ({})").format(names), on_bytes)
            stream(app, wh, ids, sql.SQL("_ids (id)"), on_bytes)
            app.execute(
                sql.SQL("DELETE FROM {}.{} WHERE table_name = %s AND changed_at < now() - %s").format(
                    sql.Identifier(APP_SCHEMA), sql.Identifier(CHANGE_LOG)
                ),
                (table, CHANGE_LOG_KEPT),
            )

        extracted = wh.execute("SELECT count(*) FROM _batch").fetchone()[0]
        updates = sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c.name)) for c in columns if c.name != "id"
        )
        old_values = sql.SQL(", ").join(sql.SQL("{}.{}").format(raw, sql.Identifier(c.name)) for c in columns)
        new_values = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(c.name)) for c in columns)
        # Only a new row version is written (any column, not just updated_at: a writer may bypass
        # the trigger), so a re-read row changes nothing and _loaded_at moves only for real changes.
        written = wh.execute(
            sql.SQL(
                "INSERT INTO {raw} ({names}, _loaded_at) SELECT {names}, now() FROM _batch "
                "ON CONFLICT (id) DO UPDATE SET {updates}, _loaded_at = now(), _deleted_at = NULL "
                "WHERE ({old}) IS DISTINCT FROM ({new}) OR {raw}._deleted_at IS NOT NULL OR {rewrite}"
            ).format(raw=raw, names=names, updates=updates, old=old_values, new=new_values, rewrite=sql.Literal(bool(added)))
        ).rowcount
        if since is None:
            gone = sql.SQL("NOT EXISTS (SELECT 1 FROM _ids i WHERE i.id = {raw}.id)").format(raw=raw)
        else:
            gone = sql.SQL("id IN (SELECT id FROM _ids) AND NOT EXISTS (SELECT 1 FROM _batch b WHERE b.id = {raw}.id)").format(raw=raw)
        deleted = wh.execute(
            sql.SQL("UPDATE {raw} SET _deleted_at = now(), _loaded_at = now() WHERE _deleted_at IS NULL AND {gone}").format(raw=raw, gone=gone)
        ).rowcount
        wh.execute(sql.SQL("DELETE FROM {} WHERE _deleted_at < now() - %s").format(raw), (TOMBSTONES_KEPT,))
        if since is None and (written or deleted):
            # Fresh statistics after a bulk load, or the planner guesses badly on the next dbt run
            # (a day's changes leave the statistics about right: autovacuum's job).
            wh.execute(sql.SQL("ANALYZE {}").format(raw))
        wh.execute(
            sql.SQL(
                "INSERT INTO {}.{} (table_name, watermark, watermark_xid, ingested_at) VALUES (%s, %s, %s, now()) "
                "ON CONFLICT (table_name) DO UPDATE SET watermark = EXCLUDED.watermark, watermark_xid = EXCLUDED.watermark_xid, "
                "ingested_at = EXCLUDED.ingested_at"
            ).format(sql.Identifier(RAW_SCHEMA), sql.Identifier(STATE_TABLE)),
            (table, snapshot_at, snapshot_xmin),
        )
    return IngestResult(table, extracted, written, deleted, snapshot_at.isoformat(), since is None)
