{#
    One row per existing exercise: the shared library and custom exercises whose owner still
    exists.
#}
{# the key index: every table with an exercise joins or tests against it #}
{{ config(indexes=[{'columns': ['exercise_id'], 'unique': True}]) }}

with exercises as (
    select * from {{ ref('stg_app__exercises') }} where not is_deleted
),

users as (
    select user_id from {{ ref('stg_app__users') }} where not is_deleted
)

select
    exercises.exercise_id,
    exercises.exercise_name,
    exercises.description,
    exercises.primary_muscle,
    exercises.secondary_muscles,
    exercises.equipment,
    exercises.exercise_type,
    exercises.difficulty,
    exercises.met_value,
    exercises.is_distance_based,
    exercises.is_time_based,
    exercises.is_custom,
    exercises.owner_user_id,
    exercises.created_at,
    exercises.is_synthetic
from exercises
left join users on users.user_id = exercises.owner_user_id
where exercises.owner_user_id is null or users.user_id is not null
