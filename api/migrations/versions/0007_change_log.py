"""A change log of the tables the data pipeline reads, written by statement triggers: the ingest
reads what changed since its last run (deletions included) instead of scanning whole tables.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables the ingest copies at this revision (pipelines/ingest/extract.py TABLES); a later
# migration that adds one to the pipeline adds its triggers with app.log_changes() too.
LOGGED_TABLES = [
    "users", "exercises", "friendships", "user_stats", "user_goals", "workouts", "workout_exercises", "workout_sets",
    "recommendations", "recommendation_feedback", "comments", "reactions", "reports", "challenges", "challenge_participants",
]

# One function for every table and operation: statement-level, over the transition table, so a
# bulk COPY of a million sets costs one INSERT ... SELECT, not a million trigger calls.
LOG_CHANGES = """
CREATE FUNCTION app.log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO app.change_log (table_name, row_id) SELECT TG_TABLE_NAME, id FROM old_rows;
    ELSIF TG_OP = 'TRUNCATE' THEN
        INSERT INTO app.change_log (table_name, row_id) VALUES (TG_TABLE_NAME, NULL);
    ELSE
        INSERT INTO app.change_log (table_name, row_id) SELECT TG_TABLE_NAME, id FROM new_rows;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('table_name', sa.String(length=63), nullable=False),
    sa.Column('row_id', sa.BigInteger(), nullable=True),
    sa.Column('transaction_id', sa.BigInteger(), server_default=sa.text('(pg_current_xact_id()::text)::bigint'), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log')),
    schema='app'
    )
    op.create_index('ix_change_log_table_name_transaction_id', 'change_log', ['table_name', 'transaction_id'], unique=False, schema='app')
    op.create_index('ix_change_log_changed_at', 'change_log', ['changed_at'], unique=False, schema='app', postgresql_using='brin')
    op.execute(LOG_CHANGES)
    for table in LOGGED_TABLES:
        op.execute(f"CREATE TRIGGER trg_{table}_log_insert AFTER INSERT ON app.{table} REFERENCING NEW TABLE AS new_rows "
                   "FOR EACH STATEMENT EXECUTE FUNCTION app.log_changes()")
        op.execute(f"CREATE TRIGGER trg_{table}_log_update AFTER UPDATE ON app.{table} REFERENCING NEW TABLE AS new_rows "
                   "FOR EACH STATEMENT EXECUTE FUNCTION app.log_changes()")
        op.execute(f"CREATE TRIGGER trg_{table}_log_delete AFTER DELETE ON app.{table} REFERENCING OLD TABLE AS old_rows "
                   "FOR EACH STATEMENT EXECUTE FUNCTION app.log_changes()")
        op.execute(f"CREATE TRIGGER trg_{table}_log_truncate AFTER TRUNCATE ON app.{table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION app.log_changes()")


def downgrade() -> None:
    for table in LOGGED_TABLES:
        for action in ("insert", "update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_log_{action} ON app.{table}")
    op.execute("DROP FUNCTION app.log_changes()")
    op.drop_index('ix_change_log_changed_at', table_name='change_log', schema='app', postgresql_using='brin')
    op.drop_index('ix_change_log_table_name_transaction_id', table_name='change_log', schema='app')
    op.drop_table('change_log', schema='app')
