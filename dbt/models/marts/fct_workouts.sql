{#
    Incremental like fct_sets: the workouts touched since the table's newest _loaded_at are
    deleted and computed again (a set added, changed or deleted changes its workout's totals). _loaded_at is the
    latest ingest write of the workout, its person, or any of its entries, sets and their
    exercises (deleted ones included).
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='workouts',
        on_schema_change='fail',
        indexes=[
            {'columns': ['workout_id'], 'unique': True},
            {'columns': ['_loaded_at']},
            {'columns': ['user_id', 'completed_at']},
            {'columns': ['completed_at']},
        ],
    )
}}
{{ touched_dependencies() }}

-- depends_on: {{ ref('int_workout_sessions') }}, {{ ref('int_workout_sets_enriched') }}
with sessions as (
    {% if is_incremental() %}
    {# the view's body, reading only the touched workouts at each step #}
    {{ workout_sessions(only_touched=true) }}
    {% else %}
    select * from {{ ref('int_workout_sessions') }}
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
