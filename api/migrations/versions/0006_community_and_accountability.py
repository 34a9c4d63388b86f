"""Community and accountability: reactions and comments on workouts, challenges among friends,
accountability partners, the notification inbox and Web Push subscriptions, weekly targets,
profile text, and moderation states on public text (reports may now be about comments and
profiles, and be raised by the moderation model).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 14:19:55.953000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["accountability_partners", "challenges", "notifications", "push_subscriptions", "challenge_participants", "comments", "reactions"]
NEW_ENUMS = ["moderation", "challenge_metric", "participant_status"]
MODERATION = postgresql.ENUM(name='moderation', schema='app', create_type=False)


def upgrade() -> None:
    # New enum values must be committed before a constraint may name them.
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE app.report_subject ADD VALUE IF NOT EXISTS 'comment'")
        op.execute("ALTER TYPE app.report_subject ADD VALUE IF NOT EXISTS 'profile'")
    op.create_table('accountability_partners',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('requester_id', sa.BigInteger(), nullable=False),
    sa.Column('addressee_id', sa.BigInteger(), nullable=False),
    sa.Column('status', postgresql.ENUM(name='friendship_status', schema='app', create_type=False), server_default='pending', nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('requester_id <> addressee_id', name=op.f('ck_accountability_partners_not_self')),
    sa.ForeignKeyConstraint(['addressee_id'], ['app.users.id'], name=op.f('fk_accountability_partners_addressee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['app.users.id'], name=op.f('fk_accountability_partners_requester_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accountability_partners')),
    schema='app'
    )
    op.create_index(op.f('ix_accountability_partners_addressee_id'), 'accountability_partners', ['addressee_id'], unique=False, schema='app')
    op.create_index(op.f('ix_accountability_partners_requester_id'), 'accountability_partners', ['requester_id'], unique=False, schema='app')
    op.create_index(op.f('ix_accountability_partners_updated_at'), 'accountability_partners', ['updated_at'], unique=False, schema='app')
    op.create_index('uq_accountability_partners_pair', 'accountability_partners', [sa.literal_column('least(requester_id, addressee_id)'), sa.literal_column('greatest(requester_id, addressee_id)')], unique=True, schema='app')
    op.create_table('challenges',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('creator_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('metric', sa.Enum('sessions', 'volume', 'distance', name='challenge_metric', schema='app'), nullable=False),
    sa.Column('muscle_group', postgresql.ENUM(name='muscle_group', schema='app', create_type=False), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("muscle_group IS NULL OR metric = 'volume'", name=op.f('ck_challenges_muscle_only_for_volume')),
    sa.CheckConstraint('ends_on >= starts_on AND ends_on - starts_on <= 366', name=op.f('ck_challenges_window')),
    sa.ForeignKeyConstraint(['creator_id'], ['app.users.id'], name=op.f('fk_challenges_creator_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges')),
    schema='app'
    )
    op.create_index(op.f('ix_challenges_creator_id'), 'challenges', ['creator_id'], unique=False, schema='app')
    op.create_index(op.f('ix_challenges_updated_at'), 'challenges', ['updated_at'], unique=False, schema='app')
    op.create_table('notifications',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['app.users.id'], name=op.f('fk_notifications_actor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'dedupe_key', name=op.f('uq_notifications_user_id_dedupe_key')),
    schema='app'
    )
    op.create_index(op.f('ix_notifications_actor_id'), 'notifications', ['actor_id'], unique=False, schema='app')
    op.create_index(op.f('ix_notifications_updated_at'), 'notifications', ['updated_at'], unique=False, schema='app')
    op.create_index('ix_notifications_user_id_created_at', 'notifications', ['user_id', 'created_at'], unique=False, schema='app')
    op.create_table('push_subscriptions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('endpoint', sa.String(length=2048), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_push_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint')),
    schema='app'
    )
    op.create_index(op.f('ix_push_subscriptions_updated_at'), 'push_subscriptions', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_push_subscriptions_user_id'), 'push_subscriptions', ['user_id'], unique=False, schema='app')
    op.create_table('challenge_participants',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('challenge_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'joined', 'declined', name='participant_status', schema='app'), nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['app.challenges.id'], name=op.f('fk_challenge_participants_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_challenge_participants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_participants')),
    sa.UniqueConstraint('challenge_id', 'user_id', name=op.f('uq_challenge_participants_challenge_id_user_id')),
    schema='app'
    )
    op.create_index(op.f('ix_challenge_participants_updated_at'), 'challenge_participants', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_challenge_participants_user_id'), 'challenge_participants', ['user_id'], unique=False, schema='app')
    op.create_table('comments',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('workout_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('moderation', sa.Enum('allowed', 'held', 'rejected', name='moderation', schema='app'), server_default='allowed', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_comments_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workout_id'], ['app.workouts.id'], name=op.f('fk_comments_workout_id_workouts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments')),
    schema='app'
    )
    op.create_index(op.f('ix_comments_updated_at'), 'comments', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_comments_user_id'), 'comments', ['user_id'], unique=False, schema='app')
    op.create_index('ix_comments_workout_id_created_at', 'comments', ['workout_id', 'created_at'], unique=False, schema='app')
    op.create_table('reactions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('workout_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_reactions_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workout_id'], ['app.workouts.id'], name=op.f('fk_reactions_workout_id_workouts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reactions')),
    sa.UniqueConstraint('workout_id', 'user_id', name=op.f('uq_reactions_workout_id_user_id')),
    schema='app'
    )
    op.create_index(op.f('ix_reactions_updated_at'), 'reactions', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_reactions_user_id'), 'reactions', ['user_id'], unique=False, schema='app')
    op.add_column('reports', sa.Column('comment_id', sa.BigInteger(), nullable=True), schema='app')
    op.add_column('reports', sa.Column('model_labels', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='app')
    op.alter_column('reports', 'reporter_id',
               existing_type=sa.BIGINT(),
               nullable=True,
               schema='app')
    op.create_index(op.f('ix_reports_comment_id'), 'reports', ['comment_id'], unique=False, schema='app')
    op.create_foreign_key(op.f('fk_reports_comment_id_comments'), 'reports', 'comments', ['comment_id'], ['id'], source_schema='app', referent_schema='app', ondelete='CASCADE')
    op.add_column('users', sa.Column('weekly_target_sessions', sa.SmallInteger(), nullable=True), schema='app')
    op.add_column('users', sa.Column('bio', sa.String(length=300), nullable=True), schema='app')
    op.add_column('users', sa.Column('bio_moderation', MODERATION, server_default='allowed', nullable=False), schema='app')
    op.add_column('workouts', sa.Column('text_moderation', MODERATION, server_default='allowed', nullable=False), schema='app')
    op.create_check_constraint(op.f('ck_users_weekly_target_range'), 'users', 'weekly_target_sessions IS NULL OR weekly_target_sessions BETWEEN 1 AND 14', schema='app')
    op.create_check_constraint(op.f('ck_reports_comment_iff_comment_subject'), 'reports', "(subject = 'comment') = (comment_id IS NOT NULL)", schema='app')
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
    op.drop_constraint(op.f('ck_reports_comment_iff_comment_subject'), 'reports', schema='app', type_='check')
    op.drop_constraint(op.f('ck_users_weekly_target_range'), 'users', schema='app', type_='check')
    op.drop_column('workouts', 'text_moderation', schema='app')
    op.drop_column('users', 'bio_moderation', schema='app')
    op.drop_column('users', 'bio', schema='app')
    op.drop_column('users', 'weekly_target_sessions', schema='app')
    op.drop_constraint(op.f('fk_reports_comment_id_comments'), 'reports', schema='app', type_='foreignkey')
    op.drop_index(op.f('ix_reports_comment_id'), table_name='reports', schema='app')
    # Reports the model raised, and those about comments or profiles, have no place in 0005.
    op.execute("DELETE FROM app.reports WHERE reporter_id IS NULL OR subject::text IN ('comment', 'profile')")
    op.alter_column('reports', 'reporter_id',
               existing_type=sa.BIGINT(),
               nullable=False,
               schema='app')
    op.drop_column('reports', 'model_labels', schema='app')
    op.drop_column('reports', 'comment_id', schema='app')
    op.drop_index(op.f('ix_reactions_user_id'), table_name='reactions', schema='app')
    op.drop_index(op.f('ix_reactions_updated_at'), table_name='reactions', schema='app')
    op.drop_table('reactions', schema='app')
    op.drop_index('ix_comments_workout_id_created_at', table_name='comments', schema='app')
    op.drop_index(op.f('ix_comments_user_id'), table_name='comments', schema='app')
    op.drop_index(op.f('ix_comments_updated_at'), table_name='comments', schema='app')
    op.drop_table('comments', schema='app')
    op.drop_index(op.f('ix_challenge_participants_user_id'), table_name='challenge_participants', schema='app')
    op.drop_index(op.f('ix_challenge_participants_updated_at'), table_name='challenge_participants', schema='app')
    op.drop_table('challenge_participants', schema='app')
    op.drop_index(op.f('ix_push_subscriptions_user_id'), table_name='push_subscriptions', schema='app')
    op.drop_index(op.f('ix_push_subscriptions_updated_at'), table_name='push_subscriptions', schema='app')
    op.drop_table('push_subscriptions', schema='app')
    op.drop_index('ix_notifications_user_id_created_at', table_name='notifications', schema='app')
    op.drop_index(op.f('ix_notifications_updated_at'), table_name='notifications', schema='app')
    op.drop_index(op.f('ix_notifications_actor_id'), table_name='notifications', schema='app')
    op.drop_table('notifications', schema='app')
    op.drop_index(op.f('ix_challenges_updated_at'), table_name='challenges', schema='app')
    op.drop_index(op.f('ix_challenges_creator_id'), table_name='challenges', schema='app')
    op.drop_table('challenges', schema='app')
    op.drop_index('uq_accountability_partners_pair', table_name='accountability_partners', schema='app')
    op.drop_index(op.f('ix_accountability_partners_updated_at'), table_name='accountability_partners', schema='app')
    op.drop_index(op.f('ix_accountability_partners_requester_id'), table_name='accountability_partners', schema='app')
    op.drop_index(op.f('ix_accountability_partners_addressee_id'), table_name='accountability_partners', schema='app')
    op.drop_table('accountability_partners', schema='app')
    for name in NEW_ENUMS:
        op.execute(f"DROP TYPE IF EXISTS app.{name}")
    # An enum value cannot be dropped: the type is made again without them.
    op.execute("ALTER TYPE app.report_subject RENAME TO report_subject_0006")
    op.execute("CREATE TYPE app.report_subject AS ENUM ('user', 'workout')")
    op.execute("ALTER TABLE app.reports DROP CONSTRAINT ck_reports_workout_iff_workout_subject")
    op.execute("ALTER TABLE app.reports ALTER COLUMN subject TYPE app.report_subject USING subject::text::app.report_subject")
    op.execute("ALTER TABLE app.reports ADD CONSTRAINT ck_reports_workout_iff_workout_subject CHECK ((subject = 'workout') = (workout_id IS NOT NULL))")
    op.execute("DROP TYPE app.report_subject_0006")
