{#
    Incremental (macros/incremental.sql): a run deletes the rows of the workouts touched since
    the table's newest _loaded_at (less the lookback) and inserts their sets that are still
    training (a deleted set, workout or person leaves nothing to insert). _loaded_at is the
    latest ingest write of the set, its entry, workout, exercise or person. The result equals a
    full refresh of the same raw data.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='workouts',
        on_schema_change='fail',
        indexes=[
            {'columns': ['set_id'], 'unique': True},
            {'columns': ['_loaded_at']},
            {'columns': ['user_id', 'exercise_id']},
            {'columns': ['user_id', 'workout_completed_at']},
            {'columns': ['workout_id']},
        ],
    )
}}
{{ touched_dependencies() }}

with sets as (
    select * from {{ ref('int_workout_sets_enriched') }}
    {% if is_incremental() %}
    where workout_id in (select workout_id from touched_workouts)
    {% endif %}
)

select
    set_id,
    workout_id,
    workout_exercise_id,
    user_id,
    exercise_id,
    exercise_name,
    exercise_type,
    primary_muscle,
    secondary_muscles,
    equipment,
    is_custom_exercise,
    exercise_position,
    set_index,
    set_type,
    is_warmup,
    reps,
    weight_kg,
    duration_s,
    distance_m,
    rpe,
    volume_kg,
    estimated_1rm_kg,
    set_completed_at,
    workout_completed_at,
    workout_date,
    workout_week,
    is_synthetic,
    _changed_at as _loaded_at
from sets
