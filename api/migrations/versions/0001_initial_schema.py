"""Initial app schema: the seven tables of the original design plus per-set rows (workout_sets).

Every table gets created_at/updated_at, is_synthetic, and a trigger that bumps updated_at on
any UPDATE, because the pipelines extract incrementally on it.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 02:38:53.243539
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["users", "exercises", "friendships", "user_stats", "workouts", "user_goals", "workout_exercises", "workout_sets"]
ENUMS = [
    "fitness_goal", "experience_level", "unit_system", "visibility", "muscle_group", "equipment",
    "exercise_type", "friendship_status", "workout_status", "goal_metric", "set_type",
]


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('hashed_password', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('height_m', sa.Numeric(), nullable=True),
    sa.Column('fitness_goal', sa.Enum('strength', 'endurance', 'weight_loss', 'muscle_gain', 'general_fitness', name='fitness_goal', schema='app'), server_default='general_fitness', nullable=False),
    sa.Column('experience_level', sa.Enum('beginner', 'intermediate', 'advanced', name='experience_level', schema='app'), server_default='beginner', nullable=False),
    sa.Column('unit_system', sa.Enum('metric', 'imperial', name='unit_system', schema='app'), server_default='metric', nullable=False),
    sa.Column('workout_visibility', sa.Enum('private', 'friends', 'public', name='visibility', schema='app'), server_default='friends', nullable=False),
    sa.Column('stats_visibility', sa.Enum('private', 'friends', 'public', name='visibility', schema='app'), server_default='private', nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('height_m IS NULL OR (height_m > 0 AND height_m < 3)', name=op.f('ck_users_height_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    schema='app'
    )
    op.create_index('uq_users_email_lower', 'users', [sa.literal_column('lower(email)')], unique=True, schema='app')
    op.create_index('uq_users_username_lower', 'users', [sa.literal_column('lower(username)')], unique=True, schema='app')
    op.create_table('exercises',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('owner_id', sa.BigInteger(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('primary_muscle', sa.Enum('LEGS', 'CORE', 'BACK', 'SHOULDERS', 'FULL_BODY', 'CHEST', 'TRICEPS', 'BICEPS', 'GLUTES', name='muscle_group', schema='app'), nullable=False),
    sa.Column('secondary_muscles', postgresql.ARRAY(sa.Enum('LEGS', 'CORE', 'BACK', 'SHOULDERS', 'FULL_BODY', 'CHEST', 'TRICEPS', 'BICEPS', 'GLUTES', name='muscle_group', schema='app')), server_default='{}', nullable=False),
    sa.Column('equipment', sa.Enum('NONE', 'DUMBBELL', 'BARBELL', 'OTHER', 'CABLE', 'KETTLEBELL', 'MACHINE', 'BANDS', name='equipment', schema='app'), nullable=False),
    sa.Column('exercise_type', sa.Enum('STRENGTH', 'CARDIO', 'FLEXIBILITY', 'BALANCE', name='exercise_type', schema='app'), nullable=False),
    sa.Column('difficulty', sa.SmallInteger(), nullable=False),
    sa.Column('instructions', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('tips', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('is_distance_based', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('is_time_based', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('met_value', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('difficulty BETWEEN 1 AND 5', name=op.f('ck_exercises_difficulty_range')),
    sa.CheckConstraint('met_value > 0 AND met_value <= 25', name=op.f('ck_exercises_met_range')),
    sa.ForeignKeyConstraint(['owner_id'], ['app.users.id'], name=op.f('fk_exercises_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercises')),
    schema='app'
    )
    op.create_index(op.f('ix_exercises_equipment'), 'exercises', ['equipment'], unique=False, schema='app')
    op.create_index(op.f('ix_exercises_exercise_type'), 'exercises', ['exercise_type'], unique=False, schema='app')
    op.create_index(op.f('ix_exercises_owner_id'), 'exercises', ['owner_id'], unique=False, schema='app')
    op.create_index(op.f('ix_exercises_primary_muscle'), 'exercises', ['primary_muscle'], unique=False, schema='app')
    op.create_index('ix_exercises_search', 'exercises', [sa.literal_column("to_tsvector('english', name || ' ' || description)")], unique=False, schema='app', postgresql_using='gin')
    op.create_index('uq_exercises_library_name', 'exercises', [sa.literal_column('lower(name)')], unique=True, schema='app', postgresql_where=sa.text('owner_id IS NULL'))
    op.create_index('uq_exercises_owner_name', 'exercises', [sa.literal_column('owner_id'), sa.literal_column('lower(name)')], unique=True, schema='app', postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.create_table('friendships',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('requester_id', sa.BigInteger(), nullable=False),
    sa.Column('addressee_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', name='friendship_status', schema='app'), server_default='pending', nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('requester_id <> addressee_id', name=op.f('ck_friendships_not_self')),
    sa.ForeignKeyConstraint(['addressee_id'], ['app.users.id'], name=op.f('fk_friendships_addressee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['app.users.id'], name=op.f('fk_friendships_requester_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_friendships')),
    schema='app'
    )
    op.create_index(op.f('ix_friendships_addressee_id'), 'friendships', ['addressee_id'], unique=False, schema='app')
    op.create_index(op.f('ix_friendships_requester_id'), 'friendships', ['requester_id'], unique=False, schema='app')
    op.create_index('uq_friendships_pair', 'friendships', [sa.literal_column('least(requester_id, addressee_id)'), sa.literal_column('greatest(requester_id, addressee_id)')], unique=True, schema='app')
    op.create_table('user_stats',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('weight_kg', sa.Numeric(), nullable=True),
    sa.Column('body_fat_pct', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('resting_heart_rate', sa.SmallInteger(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('body_fat_pct IS NULL OR body_fat_pct BETWEEN 1 AND 80', name=op.f('ck_user_stats_body_fat_range')),
    sa.CheckConstraint('resting_heart_rate IS NULL OR resting_heart_rate BETWEEN 20 AND 250', name=op.f('ck_user_stats_hr_range')),
    sa.CheckConstraint('weight_kg IS NOT NULL OR body_fat_pct IS NOT NULL OR resting_heart_rate IS NOT NULL', name=op.f('ck_user_stats_has_measurement')),
    sa.CheckConstraint('weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 700)', name=op.f('ck_user_stats_weight_range')),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_user_stats_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_stats')),
    schema='app'
    )
    op.create_index('ix_user_stats_user_id_recorded_at', 'user_stats', ['user_id', 'recorded_at'], unique=False, schema='app')
    op.create_table('workouts',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('scheduled', 'in_progress', 'completed', 'cancelled', name='workout_status', schema='app'), server_default='scheduled', nullable=False),
    sa.Column('scheduled_for', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duration_s', sa.Integer(), nullable=True),
    sa.Column('total_volume_kg', sa.Numeric(), nullable=True),
    sa.Column('total_distance_m', sa.Numeric(), nullable=True),
    sa.Column('calories_kcal', sa.Numeric(precision=8, scale=1), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("status <> 'completed' OR (started_at IS NOT NULL AND completed_at IS NOT NULL)", name=op.f('ck_workouts_completed_has_times')),
    sa.CheckConstraint('calories_kcal IS NULL OR calories_kcal >= 0', name=op.f('ck_workouts_calories_non_negative')),
    sa.CheckConstraint('completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at', name=op.f('ck_workouts_completed_after_start')),
    sa.CheckConstraint('duration_s IS NULL OR duration_s >= 0', name=op.f('ck_workouts_duration_non_negative')),
    sa.CheckConstraint('total_distance_m IS NULL OR total_distance_m >= 0', name=op.f('ck_workouts_distance_non_negative')),
    sa.CheckConstraint('total_volume_kg IS NULL OR total_volume_kg >= 0', name=op.f('ck_workouts_volume_non_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_workouts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workouts')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_workouts_user_id_client_id')),
    schema='app'
    )
    op.create_index('ix_workouts_user_id_date', 'workouts', ['user_id', sa.literal_column('(coalesce(started_at, scheduled_for))')], unique=False, schema='app')
    op.create_index('ix_workouts_user_id_status_completed_at', 'workouts', ['user_id', 'status', 'completed_at'], unique=False, schema='app')
    op.create_table('user_goals',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('goal_type', sa.Enum('strength', 'endurance', 'weight_loss', 'muscle_gain', 'general_fitness', name='fitness_goal', schema='app'), nullable=False),
    sa.Column('metric', sa.Enum('body_weight', 'one_rep_max', 'workout_count', 'total_distance', name='goal_metric', schema='app'), nullable=False),
    sa.Column('exercise_id', sa.BigInteger(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('target_value', sa.Numeric(), nullable=False),
    sa.Column('start_value', sa.Numeric(), nullable=True),
    sa.Column('current_value', sa.Numeric(), nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('is_achieved', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("(metric = 'one_rep_max') = (exercise_id IS NOT NULL)", name=op.f('ck_user_goals_exercise_iff_1rm')),
    sa.CheckConstraint('is_achieved = (achieved_at IS NOT NULL)', name=op.f('ck_user_goals_achieved_at_iff_achieved')),
    sa.CheckConstraint('target_value >= 0', name=op.f('ck_user_goals_target_non_negative')),
    sa.ForeignKeyConstraint(['exercise_id'], ['app.exercises.id'], name=op.f('fk_user_goals_exercise_id_exercises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app.users.id'], name=op.f('fk_user_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_goals')),
    schema='app'
    )
    op.create_index(op.f('ix_user_goals_exercise_id'), 'user_goals', ['exercise_id'], unique=False, schema='app')
    op.create_index(op.f('ix_user_goals_user_id'), 'user_goals', ['user_id'], unique=False, schema='app')
    op.create_table('workout_exercises',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('workout_id', sa.BigInteger(), nullable=False),
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
    sa.CheckConstraint('position >= 1', name=op.f('ck_workout_exercises_position_positive')),
    sa.CheckConstraint('rest_seconds IS NULL OR rest_seconds >= 0', name=op.f('ck_workout_exercises_rest_non_negative')),
    sa.CheckConstraint('target_distance_m IS NULL OR target_distance_m >= 0', name=op.f('ck_workout_exercises_target_distance_non_negative')),
    sa.CheckConstraint('target_duration_s IS NULL OR target_duration_s >= 0', name=op.f('ck_workout_exercises_target_duration_non_negative')),
    sa.CheckConstraint('target_reps IS NULL OR target_reps >= 0', name=op.f('ck_workout_exercises_target_reps_non_negative')),
    sa.CheckConstraint('target_sets IS NULL OR target_sets >= 0', name=op.f('ck_workout_exercises_target_sets_non_negative')),
    sa.CheckConstraint('target_weight_kg IS NULL OR target_weight_kg >= 0', name=op.f('ck_workout_exercises_target_weight_non_negative')),
    sa.ForeignKeyConstraint(['exercise_id'], ['app.exercises.id'], name=op.f('fk_workout_exercises_exercise_id_exercises'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['workout_id'], ['app.workouts.id'], name=op.f('fk_workout_exercises_workout_id_workouts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workout_exercises')),
    schema='app'
    )
    op.create_index(op.f('ix_workout_exercises_exercise_id'), 'workout_exercises', ['exercise_id'], unique=False, schema='app')
    op.create_index('ix_workout_exercises_workout_id_position', 'workout_exercises', ['workout_id', 'position'], unique=False, schema='app')
    op.create_table('workout_sets',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('workout_exercise_id', sa.BigInteger(), nullable=False),
    sa.Column('set_index', sa.SmallInteger(), nullable=False),
    sa.Column('set_type', sa.Enum('normal', 'warmup', 'drop', 'failure', name='set_type', schema='app'), server_default='normal', nullable=False),
    sa.Column('reps', sa.SmallInteger(), nullable=True),
    sa.Column('weight_kg', sa.Numeric(), nullable=True),
    sa.Column('duration_s', sa.Integer(), nullable=True),
    sa.Column('distance_m', sa.Numeric(), nullable=True),
    sa.Column('rpe', sa.Numeric(precision=3, scale=1), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('is_synthetic', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint('distance_m IS NULL OR distance_m >= 0', name=op.f('ck_workout_sets_distance_non_negative')),
    sa.CheckConstraint('duration_s IS NULL OR duration_s >= 0', name=op.f('ck_workout_sets_duration_non_negative')),
    sa.CheckConstraint('reps IS NOT NULL OR duration_s IS NOT NULL OR distance_m IS NOT NULL', name=op.f('ck_workout_sets_has_measurement')),
    sa.CheckConstraint('reps IS NULL OR reps >= 0', name=op.f('ck_workout_sets_reps_non_negative')),
    sa.CheckConstraint('rpe IS NULL OR rpe BETWEEN 1 AND 10', name=op.f('ck_workout_sets_rpe_range')),
    sa.CheckConstraint('set_index >= 1', name=op.f('ck_workout_sets_set_index_positive')),
    sa.CheckConstraint('weight_kg IS NULL OR weight_kg >= 0', name=op.f('ck_workout_sets_weight_non_negative')),
    sa.ForeignKeyConstraint(['workout_exercise_id'], ['app.workout_exercises.id'], name=op.f('fk_workout_sets_workout_exercise_id_workout_exercises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workout_sets')),
    sa.UniqueConstraint('workout_exercise_id', 'set_index', name=op.f('uq_workout_sets_workout_exercise_id_set_index')),
    schema='app'
    )

    op.execute(
        """
        CREATE FUNCTION app.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END $$
        """
    )
    for table in TABLES:
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"], unique=False, schema="app")
        op.execute(
            f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON app.{table} "
            "FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()"
        )

def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_updated_at ON app.{table}")
    op.execute("DROP FUNCTION IF EXISTS app.set_updated_at()")
    op.drop_table('workout_sets', schema='app')
    op.drop_index('ix_workout_exercises_workout_id_position', table_name='workout_exercises', schema='app')
    op.drop_index(op.f('ix_workout_exercises_exercise_id'), table_name='workout_exercises', schema='app')
    op.drop_table('workout_exercises', schema='app')
    op.drop_index(op.f('ix_user_goals_user_id'), table_name='user_goals', schema='app')
    op.drop_index(op.f('ix_user_goals_exercise_id'), table_name='user_goals', schema='app')
    op.drop_table('user_goals', schema='app')
    op.drop_index('ix_workouts_user_id_status_completed_at', table_name='workouts', schema='app')
    op.drop_index('ix_workouts_user_id_date', table_name='workouts', schema='app')
    op.drop_table('workouts', schema='app')
    op.drop_index('ix_user_stats_user_id_recorded_at', table_name='user_stats', schema='app')
    op.drop_table('user_stats', schema='app')
    op.drop_index('uq_friendships_pair', table_name='friendships', schema='app')
    op.drop_index(op.f('ix_friendships_requester_id'), table_name='friendships', schema='app')
    op.drop_index(op.f('ix_friendships_addressee_id'), table_name='friendships', schema='app')
    op.drop_table('friendships', schema='app')
    op.drop_index('uq_exercises_owner_name', table_name='exercises', schema='app', postgresql_where=sa.text('owner_id IS NOT NULL'))
    op.drop_index('uq_exercises_library_name', table_name='exercises', schema='app', postgresql_where=sa.text('owner_id IS NULL'))
    op.drop_index('ix_exercises_search', table_name='exercises', schema='app', postgresql_using='gin')
    op.drop_index(op.f('ix_exercises_primary_muscle'), table_name='exercises', schema='app')
    op.drop_index(op.f('ix_exercises_owner_id'), table_name='exercises', schema='app')
    op.drop_index(op.f('ix_exercises_exercise_type'), table_name='exercises', schema='app')
    op.drop_index(op.f('ix_exercises_equipment'), table_name='exercises', schema='app')
    op.drop_table('exercises', schema='app')
    op.drop_index('uq_users_username_lower', table_name='users', schema='app')
    op.drop_index('uq_users_email_lower', table_name='users', schema='app')
    op.drop_table('users', schema='app')
    for enum in ENUMS:
        op.execute(f"DROP TYPE IF EXISTS app.{enum}")
