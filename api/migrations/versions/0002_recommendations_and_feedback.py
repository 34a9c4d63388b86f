"""Recommendations served and the feedback on them (app data that flows through the pipeline),
and per-person settings the recommenders respect: equipment, discoverability, admin rights.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:11:29.737530
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["recommendations", "recommendation_feedback"]


def upgrade() -> None:
    op.create_table('recommendations',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.Enum('exercises', 'next_workout', name='recommendation_kind', schema='app'), nullable=False),
    sa.Column('model_name', sa.String(length=120), nullable=False),
    sa.Column('model_version', sa.String(length=40), nullable=True),
    sa.Column('exercise_ids', postgresql.ARRAY(sa.BigInteger()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_recommendations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    schema='app'
    )
    op.create_index(op.f('ix_recommendations_updated_at'), 'recommendations', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_recommendations_user_id'), 'recommendations', ['user_id'], unique=False, schema='app')
    op.create_table('recommendation_feedback',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('recommendation_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('exercise_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.Enum('accepted', 'skipped', 'thumbs_up', 'thumbs_down', name='feedback_action', schema='app'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['app.exercises.id'], name=op.f('fk_recommendation_feedback_exercise_id_exercises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['app.recommendations.id'], name=op.f('fk_recommendation_feedback_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_recommendation_feedback_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_feedback')),
    sa.UniqueConstraint('recommendation_id', 'exercise_id', 'action', name=op.f('uq_recommendation_feedback_recommendation_id_exercise_id_action')),
    schema='app'
    )
    op.create_index(op.f('ix_recommendation_feedback_exercise_id'), 'recommendation_feedback', ['exercise_id'], unique=False, schema='app')
    op.create_index(op.f('ix_recommendation_feedback_updated_at'), 'recommendation_feedback', ['updated_at'], unique=False, schema='app')
    op.create_index(op.f('ix_recommendation_feedback_user_id'), 'recommendation_feedback', ['user_id'], unique=False, schema='app')
    op.add_column('users', sa.Column('available_equipment', postgresql.ARRAY(sa.Enum('NONE', 'DUMBBELL', 'BARBELL', 'OTHER', 'CABLE', 'KETTLEBELL', 'MACHINE', 'BANDS', name='equipment', schema='app')), server_default='{NONE,DUMBBELL,BARBELL,OTHER,CABLE,KETTLEBELL,MACHINE,BANDS}', nullable=False), schema='app')
    op.add_column('users', sa.Column('is_discoverable', sa.Boolean(), server_default=sa.text('false'), nullable=False), schema='app')
    op.add_column('users', sa.Column('is_admin', sa.Boolean(), server_default=sa.text('false'), nullable=False), schema='app')
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
    op.drop_column('users', 'is_admin', schema='app')
    op.drop_column('users', 'is_discoverable', schema='app')
    op.drop_column('users', 'available_equipment', schema='app')
    op.drop_index(op.f('ix_recommendation_feedback_user_id'), table_name='recommendation_feedback', schema='app')
    op.drop_index(op.f('ix_recommendation_feedback_updated_at'), table_name='recommendation_feedback', schema='app')
    op.drop_index(op.f('ix_recommendation_feedback_exercise_id'), table_name='recommendation_feedback', schema='app')
    op.drop_table('recommendation_feedback', schema='app')
    op.drop_index(op.f('ix_recommendations_user_id'), table_name='recommendations', schema='app')
    op.drop_index(op.f('ix_recommendations_updated_at'), table_name='recommendations', schema='app')
    op.drop_table('recommendations', schema='app')
    op.execute("DROP TYPE IF EXISTS app.feedback_action")
    op.execute("DROP TYPE IF EXISTS app.recommendation_kind")
