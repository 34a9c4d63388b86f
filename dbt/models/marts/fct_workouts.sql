{#
    Incremental like fct_sets: a workout's change time (_changed_at) is the latest ingest write
    of the workout, its person, or any of its entries, sets and their exercises (deleted ones
    included), so adding, editing or deleting a set re-computes its workout's totals.
#}
{# The project-wide post-hook "analyze {{ this }}" runs before these; analyze again after the delete. #}
{{
    config(
        materialized='incremental',
        unique_key='workout_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[
            {'columns': ['workout_id'], 'unique': True},
            {'columns': ['_loaded_at']},
            {'columns': ['user_id', 'completed_at']},
        ],
        post_hook=[
            "{{ delete_keys_missing_upstream(ref('int_workout_sessions'), 'workout_id') }}",
            "analyze {{ this }}",
        ],
    )
}}

with sessions as (
    select * from {{ ref('int_workout_sessions') }}
    {% if is_incremental() %}
    where _changed_at >= {{ incremental_threshold() }}
    {% endif %}
)

select
    workout_id,
    user_id,
    workout_name,
    started_at,
    completed_at,
    workout_date,
    workout_week,
    duration_s,
    exercise_entries_count,
    exercises_count,
    muscle_groups_count,
    sets_count,
    work_sets_count,
    warmup_sets_count,
    work_reps,
    total_volume_kg,
    total_distance_m,
    best_estimated_1rm_kg,
    avg_work_rpe,
    session_rpe,
    session_load,
    calories_kcal,
    app_total_volume_kg,
    is_synthetic,
    _changed_at as _loaded_at
from sessions
