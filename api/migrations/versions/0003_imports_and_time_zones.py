"""Imports of other apps' exports: the imports and what each exercise name was mapped to, the
imported name on each workout exercise, and a time zone per person (for times files give without one).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:27:17.138075
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["imports", "exercise_name_mappings"]


def upgrade() -> None:
    op.create_table('imports',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='import_status', schema='app'), server_default='queued', nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=True),
    sa.Column('weight_unit', sa.String(length=10), nullable=True),
    sa.Column('weight_unit_source', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('counts', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('report', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_imports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports')),
    schema='app'
    )
    op.create_index(op.f('ix_imports_updated_at'), 'imports', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_imports_user_id'), 'imports', ['user_id'], unique=False, schema='app')
    op.create_table('exercise_name_mappings',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('source_name', sa.String(length=120), nullable=False),
    sa.Column('exercise_id', sa.BigInteger(), nullable=False),
    sa.Column('confidence', sa.Numeric(precision=4, scale=3), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('confidence >= 0 AND confidence <= 1', name=op.f('ck_exercise_name_mappings_confidence_range')),
    sa.ForeignKeyConstraint(['exercise_id'], ['app.exercises.id'], name=op.f('fk_exercise_name_mappings_exercise_id_exercises'), ondelete='CASCADE', initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_exercise_name_mappings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise_name_mappings')),
    sa.UniqueConstraint('user_id', 'source_name', name=op.f('uq_exercise_name_mappings_user_id_source_name')),
    schema='app'
    )
    op.create_index(op.f('ix_exercise_name_mappings_exercise_id'), 'exercise_name_mappings', ['exercise_id'], unique=False, schema='app')
    op.create_index(op.f('ix_exercise_name_mappings_updated_at'), 'exercise_name_mappings', ['updated_at'], unique=False, schema='app')
    op.add_column('users', sa.Column('time_zone', sa.String(length=64), server_default='UTC', nullable=False), schema='app')
    op.add_column('workout_exercises', sa.Column('imported_name', sa.String(length=120), nullable=True), schema='app')
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
    op.drop_column('workout_exercises', 'imported_name', schema='app')
    op.drop_column('users', 'time_zone', schema='app')
    op.drop_index(op.f('ix_exercise_name_mappings_updated_at'), table_name='exercise_name_mappings', schema='app')
    op.drop_index(op.f('ix_exercise_name_mappings_exercise_id'), table_name='exercise_name_mappings', schema='app')
    op.drop_table('exercise_name_mappings', schema='app')
    op.drop_index(op.f('ix_imports_user_id'), table_name='imports', schema='app')
    op.drop_index(op.f('ix_imports_updated_at'), table_name='imports', schema='app')
    op.drop_table('imports', schema='app')
    op.execute("DROP TYPE IF EXISTS app.import_status")
