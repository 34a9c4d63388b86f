{#
    Implicit feedback for recommenders: one row per person and exercise they have trained
    (completed workouts up to as_of). No explicit ratings exist; repetition is the signal.
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

sets as (
    select sets.*
    from (select * from {{ ref('fct_sets') }}) as sets
    cross join as_of
    where sets.workout_completed_at <= as_of.as_of_at
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

interactions as (
    select
        user_id,
        exercise_id,
        count(distinct workout_id) as sessions_count,
        count(*) as sets_count,
        count(*) filter (where not is_warmup) as work_sets_count,
        sum(volume_kg) as total_volume_kg,
        max(estimated_1rm_kg) as best_estimated_1rm_kg,
        min(workout_completed_at) as first_performed_at,
        max(workout_completed_at) as last_performed_at
    from sets
    group by user_id, exercise_id
)

select
    interactions.user_id::bigint as user_id,
    interactions.exercise_id::bigint as exercise_id,
    interactions.sessions_count::integer as sessions_count,
    interactions.sets_count::integer as sets_count,
    interactions.work_sets_count::integer as work_sets_count,
    interactions.total_volume_kg::numeric as total_volume_kg,
    interactions.best_estimated_1rm_kg::double precision as best_estimated_1rm_kg,
    interactions.first_performed_at::timestamptz as first_performed_at,
    interactions.last_performed_at::timestamptz as last_performed_at,
    round((extract(epoch from as_of.as_of_at - interactions.last_performed_at) / 86400)::numeric, 4)::numeric
        as days_since_last,
    round((extract(epoch from as_of.as_of_at - interactions.first_performed_at) / 86400)::numeric, 4)::numeric
        as days_since_first,
    users.is_synthetic::boolean as is_synthetic,
    as_of.as_of_at::timestamptz as as_of
from interactions
cross join as_of
inner join users on users.user_id = interactions.user_id
