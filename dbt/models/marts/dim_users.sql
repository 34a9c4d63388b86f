{# One row per existing account with its profile and a summary of its training. #}
{# the key index: every table with a person joins or tests against it #}
{{ config(indexes=[{'columns': ['user_id'], 'unique': True}]) }}

with users as (
    select * from {{ ref('stg_app__users') }} where not is_deleted
),

training as (
    select
        user_id,
        count(*) as completed_workouts_count,
        min(completed_at) as first_workout_at,
        max(completed_at) as last_workout_at,
        sum(total_volume_kg) as lifetime_volume_kg
    from {{ ref('fct_workouts') }}
    group by user_id
),

friends as (
    select user_id, count(*) as friends_count
    from (
        select requester_user_id as user_id from {{ ref('stg_app__friendships') }}
        where not is_deleted and friendship_status = 'accepted'
        union all
        select addressee_user_id from {{ ref('stg_app__friendships') }}
        where not is_deleted and friendship_status = 'accepted'
    ) as sides
    group by user_id
),

latest_weight as (
    select distinct on (user_id) user_id, weight_kg, recorded_at
    from {{ ref('stg_app__user_stats') }}
    where not is_deleted and weight_kg is not null
    order by user_id, recorded_at desc, stat_id desc
)

select
    users.user_id,
    users.username,
    users.fitness_goal,
    users.experience_level,
    users.unit_system,
    users.workout_visibility,
    users.stats_visibility,
    users.is_active,
    users.is_discoverable,
    users.date_of_birth,
    users.height_m,
    latest_weight.weight_kg as latest_body_weight_kg,
    latest_weight.recorded_at as latest_body_weight_at,
    users.created_at as signed_up_at,
    coalesce(training.completed_workouts_count, 0) as completed_workouts_count,
    training.first_workout_at,
    training.last_workout_at,
    {{ utc_week_start('training.first_workout_at') }} as cohort_week,
    coalesce(training.lifetime_volume_kg, 0) as lifetime_volume_kg,
    coalesce(friends.friends_count, 0) as friends_count,
    users.is_synthetic
from users
left join training on training.user_id = users.user_id
left join friends on friends.user_id = users.user_id
left join latest_weight on latest_weight.user_id = users.user_id
