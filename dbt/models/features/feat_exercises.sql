{#
    One row per existing exercise: its attributes and how much it is used, from completed
    workouts up to as_of. popularity_rank ranks library exercises by distinct users, then
    sessions (custom exercises get no rank). Usage is summed from the per-person totals of
    int_user_exercise_interactions (incremental), not from every set.
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

exercises as (
    select * from {{ ref('dim_exercises') }}
),

{# per person and exercise already: a workout holds one person, so summing sessions counts workouts #}
usage as (
    select
        interactions.exercise_id,
        sum(interactions.sessions_count) as sessions_count,
        sum(interactions.work_sets_count) as work_sets_count,
        count(*) as distinct_users,
        count(*) filter (where interactions.last_performed_at > as_of.as_of_at - interval '28 days') as distinct_users_28d,
        max(interactions.last_performed_at) as last_performed_at
    from {{ ref('int_user_exercise_interactions') }} as interactions
    cross join as_of
    group by interactions.exercise_id
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
