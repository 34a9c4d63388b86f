"""Routines (workout templates) with their planned exercises, and the routine a workout came from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 08:09:10.697870
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["routines", "routine_exercises"]


def upgrade() -> None:
    op.create_table('routines',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_routines_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routines')),
    schema='app'
    )
    op.create_index(op.f('ix_routines_updated_at'), 'routines', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_routines_user_id'), 'routines', ['user_id'], unique=False, schema='app')
    op.create_index('uq_routines_user_id_name', 'routines', [sa.literal_column('user_id'), sa.literal_column('lower(name)')], unique=True, schema='app')
    op.create_table('routine_exercises',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('routine_id', sa.BigInteger(), nullable=False),
    sa.Column('exercise_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('target_sets', sa.SmallInteger(), nullable=True),
    sa.Column('target_reps', sa.SmallInteger(), nullable=True),
    sa.Column('target_weight_kg', sa.Numeric(), nullable=True),
    sa.Column('target_duration_s', sa.Integer(), nullable=True),
    sa.Column('target_distance_m', sa.Numeric(), nullable=True),
    sa.Column('rest_seconds', sa.SmallInteger(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('position >= 1', name=op.f('ck_routine_exercises_position_positive')),
    sa.CheckConstraint('rest_seconds IS NULL OR rest_seconds >= 0', name=op.f('ck_routine_exercises_rest_non_negative')),
    sa.CheckConstraint('target_distance_m IS NULL OR target_distance_m >= 0', name=op.f('ck_routine_exercises_target_distance_non_negative')),
    sa.CheckConstraint('target_duration_s IS NULL OR target_duration_s >= 0', name=op.f('ck_routine_exercises_target_duration_non_negative')),
    sa.CheckConstraint('target_reps IS NULL OR target_reps >= 0', name=op.f('ck_routine_exercises_target_reps_non_negative')),
    sa.CheckConstraint('target_sets IS NULL OR target_sets >= 0', name=op.f('ck_routine_exercises_target_sets_non_negative')),
    sa.CheckConstraint('target_weight_kg IS NULL OR target_weight_kg >= 0', name=op.f('ck_routine_exercises_target_weight_non_negative')),
    sa.ForeignKeyConstraint(['exercise_id'], ['app.exercises.id'], name=op.f('fk_routine_exercises_exercise_id_exercises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['routine_id'], ['app.routines.id'], name=op.f('fk_routine_exercises_routine_id_routines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routine_exercises')),
    schema='app'
    )
    op.create_index(op.f('ix_routine_exercises_exercise_id'), 'routine_exercises', ['exercise_id'], unique=False, schema='app')
    op.create_index(op.f('ix_routine_exercises_routine_id'), 'routine_exercises', ['routine_id'], unique=False, schema='app')
    op.create_index(op.f('ix_routine_exercises_updated_at'), 'routine_exercises', ['updated_at'], unique=False, schema='app')
    op.add_column('workouts', sa.Column('routine_id', sa.BigInteger(), nullable=True), schema='app')
    op.create_index(op.f('ix_workouts_routine_id'), 'workouts', ['routine_id'], unique=False, schema='app')
    op.create_foreign_key(op.f('fk_workouts_routine_id_routines'), 'workouts', 'routines', ['routine_id'], ['id'], source_schema='app', referent_schema='app', ondelete='SET NULL')
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
    op.drop_constraint(op.f('fk_workouts_routine_id_routines'), 'workouts', schema='app', type_='foreignkey')
    op.drop_index(op.f('ix_workouts_routine_id'), table_name='workouts', schema='app')
    op.drop_column('workouts', 'routine_id', schema='app')
    op.drop_index(op.f('ix_routine_exercises_updated_at'), table_name='routine_exercises', schema='app')
    op.drop_index(op.f('ix_routine_exercises_routine_id'), table_name='routine_exercises', schema='app')
    op.drop_index(op.f('ix_routine_exercises_exercise_id'), table_name='routine_exercises', schema='app')
    op.drop_table('routine_exercises', schema='app')
    op.drop_index('uq_routines_user_id_name', table_name='routines', schema='app')
    op.drop_index(op.f('ix_routines_user_id'), table_name='routines', schema='app')
    op.drop_index(op.f('ix_routines_updated_at'), table_name='routines', schema='app')
    op.drop_table('routines', schema='app')
