{#
    One row per existing exercise: its attributes and how much it is used, from completed
    workouts up to as_of. popularity_rank ranks library exercises by distinct users, then
    sessions (custom exercises get no rank).
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

exercises as (
    select * from {{ ref('dim_exercises') }}
),

sets as (
    select sets.*
    from (select * from {{ ref('fct_sets') }}) as sets
    cross join as_of
    where sets.workout_completed_at <= as_of.as_of_at
),

usage as (
    select
        sets.exercise_id,
        count(distinct sets.workout_id) as sessions_count,
        count(*) filter (where not sets.is_warmup) as work_sets_count,
        count(distinct sets.user_id) as distinct_users,
        count(distinct sets.user_id) filter (where sets.workout_completed_at > as_of.as_of_at - interval '28 days')
            as distinct_users_28d,
        max(sets.workout_completed_at) as last_performed_at
    from sets
    cross join as_of
    group by sets.exercise_id
),

joined as (
    select
        exercises.*,
        coalesce(usage.sessions_count, 0) as sessions_count,
        coalesce(usage.work_sets_count, 0) as work_sets_count,
        coalesce(usage.distinct_users, 0) as distinct_users,
        coalesce(usage.distinct_users_28d, 0) as distinct_users_28d,
        usage.last_performed_at
    from exercises
    left join usage on usage.exercise_id = exercises.exercise_id
)

select
    joined.exercise_id::bigint as exercise_id,
    joined.exercise_name::text as exercise_name,
    joined.exercise_type::text as exercise_type,
    joined.primary_muscle::text as primary_muscle,
    array_to_string(array(select unnest(joined.secondary_muscles) order by 1), ',')::text as secondary_muscles,
    cardinality(joined.secondary_muscles)::integer as secondary_muscles_count,
    joined.equipment::text as equipment,
    joined.difficulty::integer as difficulty,
    joined.met_value::numeric as met_value,
    joined.is_custom::boolean as is_custom,
    joined.is_distance_based::boolean as is_distance_based,
    joined.is_time_based::boolean as is_time_based,
    joined.sessions_count::integer as sessions_count,
    joined.work_sets_count::integer as work_sets_count,
    joined.distinct_users::integer as distinct_users,
    joined.distinct_users_28d::integer as distinct_users_28d,
    joined.last_performed_at::timestamptz as last_performed_at,
    (case when not joined.is_custom then
        rank() over (
            partition by joined.is_custom
            order by joined.distinct_users desc, joined.sessions_count desc
        )
    end)::integer as popularity_rank,
    joined.is_synthetic::boolean as is_synthetic,
    as_of.as_of_at::timestamptz as as_of
from joined
cross join as_of
