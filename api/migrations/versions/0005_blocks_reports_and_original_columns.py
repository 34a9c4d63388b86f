"""Blocks, reports for moderators, an outbox for mail (email verification), and the original
design's columns that were missing: users.is_verified, user_stats.muscle_mass_kg,
workouts.description, speed and incline of planned cardio, exercises.video_url.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["user_blocks", "reports", "email_outbox"]
PLANNED = ["workout_exercises", "routine_exercises"]
ENUMS = ["report_subject", "report_reason", "report_status"]


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    ]


def upgrade() -> None:
    op.add_column('users', sa.Column('is_verified', sa.Boolean(), server_default=sa.text('false'), nullable=False), schema='app')
    op.add_column('exercises', sa.Column('video_url', sa.String(length=2048), nullable=True), schema='app')
    op.add_column('workouts', sa.Column('description', sa.Text(), nullable=True), schema='app')
    op.add_column('user_stats', sa.Column('muscle_mass_kg', sa.Numeric(), nullable=True), schema='app')
    op.create_check_constraint(op.f('ck_user_stats_muscle_mass_range'), 'user_stats',
                               'muscle_mass_kg IS NULL OR (muscle_mass_kg > 0 AND muscle_mass_kg < 300)', schema='app')
    op.drop_constraint(op.f('ck_user_stats_has_measurement'), 'user_stats', schema='app', type_='check')
    op.create_check_constraint(
        op.f('ck_user_stats_has_measurement'), 'user_stats',
        'weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_heart_rate IS NOT NULL OR muscle_mass_kg IS NOT NULL', schema='app',
    )
    for table in PLANNED:
        op.add_column(table, sa.Column('speed_kmh', sa.Numeric(), nullable=True), schema='app')
        op.add_column(table, sa.Column('incline_pct', sa.Numeric(precision=4, scale=1), nullable=True), schema='app')
        op.create_check_constraint(op.f(f'ck_{table}_speed_range'), table, 'speed_kmh IS NULL OR (speed_kmh >= 0 AND speed_kmh <= 50)', schema='app')
        op.create_check_constraint(op.f(f'ck_{table}_incline_range'), table, 'incline_pct IS NULL OR incline_pct BETWEEN -15 AND 40', schema='app')

    op.create_table('user_blocks',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('blocker_id', sa.BigInteger(), nullable=False),
    sa.Column('blocked_id', sa.BigInteger(), nullable=False),
    *_timestamps(),
    sa.CheckConstraint('blocker_id <> blocked_id', name=op.f('ck_user_blocks_not_self')),
    sa.ForeignKeyConstraint(['blocked_id'], ['app.users.id'], name=op.f('fk_user_blocks_blocked_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blocker_id'], ['app.users.id'], name=op.f('fk_user_blocks_blocker_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_blocks')),
    sa.UniqueConstraint('blocker_id', 'blocked_id', name=op.f('uq_user_blocks_blocker_id_blocked_id')),
    schema='app'
    )
    op.create_index(op.f('ix_user_blocks_blocked_id'), 'user_blocks', ['blocked_id'], unique=False, schema='app')
    op.create_index(op.f('ix_user_blocks_updated_at'), 'user_blocks', ['updated_at'], unique=False, schema='app')

    op.create_table('reports',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('reporter_id', sa.BigInteger(), nullable=False),
    sa.Column('subject', sa.Enum('user', 'workout', name='report_subject', schema='app'), nullable=False),
    sa.Column('reported_user_id', sa.BigInteger(), nullable=False),
    sa.Column('workout_id', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Enum('spam', 'harassment', 'hate', 'sexual', 'self_harm', 'dangerous', 'impersonation', 'other',
                                name='report_reason', schema='app'), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('open', 'resolved', 'dismissed', name='report_status', schema='app'), server_default='open', nullable=False),
    sa.Column('resolved_by_id', sa.BigInteger(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    *_timestamps(),
    sa.CheckConstraint("(status = 'open') = (resolved_at IS NULL)", name=op.f('ck_reports_resolved_at_iff_closed')),
    sa.CheckConstraint("(subject = 'workout') = (workout_id IS NOT NULL)", name=op.f('ck_reports_workout_iff_workout_subject')),
    sa.ForeignKeyConstraint(['reported_user_id'], ['app.users.id'], name=op.f('fk_reports_reported_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['app.users.id'], name=op.f('fk_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['app.users.id'], name=op.f('fk_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workout_id'], ['app.workouts.id'], name=op.f('fk_reports_workout_id_workouts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    schema='app'
    )
    op.create_index('ix_reports_status_created_at', 'reports', ['status', 'created_at'], unique=False, schema='app')
    op.create_index(op.f('ix_reports_reported_user_id'), 'reports', ['reported_user_id'], unique=False, schema='app')
    op.create_index(op.f('ix_reports_reporter_id'), 'reports', ['reporter_id'], unique=False, schema='app')
    op.create_index(op.f('ix_reports_updated_at'), 'reports', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_reports_workout_id'), 'reports', ['workout_id'], unique=False, schema='app')

    op.create_table('email_outbox',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.SmallInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    *_timestamps(),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_email_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_outbox')),
    schema='app'
    )
    op.create_index('ix_email_outbox_unsent', 'email_outbox', ['id'], unique=False, schema='app', postgresql_where=sa.text('sent_at IS NULL'))
    op.create_index(op.f('ix_email_outbox_updated_at'), 'email_outbox', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_email_outbox_user_id'), 'email_outbox', ['user_id'], unique=False, schema='app')
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
        op.drop_table(table, schema='app')
    for name in ENUMS:
        op.execute(f"DROP TYPE IF EXISTS app.{name}")
    for table in PLANNED:
        op.drop_constraint(op.f(f'ck_{table}_incline_range'), table, schema='app', type_='check')
        op.drop_constraint(op.f(f'ck_{table}_speed_range'), table, schema='app', type_='check')
        op.drop_column(table, 'incline_pct', schema='app')
        op.drop_column(table, 'speed_kmh', schema='app')
    op.drop_constraint(op.f('ck_user_stats_has_measurement'), 'user_stats', schema='app', type_='check')
    op.execute("DELETE FROM app.user_stats WHERE weight_kg IS NULL AND body_fat_pct IS NULL AND resting_heart_rate IS NULL")
    op.create_check_constraint(
        op.f('ck_user_stats_has_measurement'), 'user_stats',
        'weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_heart_rate IS NOT NULL', schema='app',
    )
    op.drop_constraint(op.f('ck_user_stats_muscle_mass_range'), 'user_stats', schema='app', type_='check')
    op.drop_column('user_stats', 'muscle_mass_kg', schema='app')
    op.drop_column('workouts', 'description', schema='app')
    op.drop_column('exercises', 'video_url', schema='app')
    op.drop_column('users', 'is_verified', schema='app')
