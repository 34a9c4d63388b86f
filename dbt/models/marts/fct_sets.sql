{#
    Incremental: see macros/incremental.sql. A run re-selects the training sets whose change
    time (_changed_at: the latest ingest write of the set, its entry, workout, exercise or
    person) is within incremental_lookback_hours of the newest one already loaded, replaces
    those set_ids (delete+insert), and the post-hook deletes the set_ids that are no longer
    training sets upstream (deleted, or their workout/person deleted). The result equals a
    full refresh of the same raw data.
#}
{# The project-wide post-hook "analyze {{ this }}" runs before these; analyze again after the delete. #}
{{
    config(
        materialized='incremental',
        unique_key='set_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[
            {'columns': ['set_id'], 'unique': True},
            {'columns': ['_loaded_at']},
            {'columns': ['user_id', 'exercise_id']},
            {'columns': ['workout_id']},
        ],
        post_hook=[
            "{{ delete_keys_missing_upstream(ref('int_workout_sets_enriched'), 'set_id') }}",
            "analyze {{ this }}",
        ],
    )
}}

with sets as (
    select * from {{ ref('int_workout_sets_enriched') }}
    {% if is_incremental() %}
    where _changed_at >= {{ incremental_threshold() }}
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
