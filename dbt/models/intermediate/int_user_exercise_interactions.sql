{#
    Per person and exercise they have trained (completed workouts up to as_of): how often, how
    much and when. features.feat_user_exercise_interactions adds the as_of-relative columns; the
    per-exercise and per-person features and exercise_popularity sum these rows instead of sets.
    Incremental (macros/incremental.sql): each touched (person, exercise) is recomputed whole.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='pairs',
        on_schema_change='fail',
        indexes=[{'columns': ['user_id', 'exercise_id'], 'unique': True}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

sets as (
    select sets.*
    from {{ ref('fct_sets') }} as sets
    {% if is_incremental() %}
    inner join touched_pairs as touched
        on touched.user_id = sets.user_id and (touched.exercise_id is null or touched.exercise_id = sets.exercise_id)
    {% endif %}
    cross join as_of
    where sets.workout_completed_at <= as_of.as_of_at
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
)

select
    sets.user_id,
    sets.exercise_id,
    count(distinct sets.workout_id) as sessions_count,
    count(*) as sets_count,
    count(*) filter (where not sets.is_warmup) as work_sets_count,
    sum(sets.volume_kg) as total_volume_kg,
    max(sets.estimated_1rm_kg) as best_estimated_1rm_kg,
    min(sets.workout_completed_at) as first_performed_at,
    max(sets.workout_completed_at) as last_performed_at,
    max(sets.workout_completed_at) filter (where not sets.is_warmup) as last_worked_at,
    users.is_synthetic,
    max(sets._loaded_at) as _loaded_at
from sets
inner join users on users.user_id = sets.user_id
group by sets.user_id, sets.exercise_id, users.is_synthetic
