{#
    One row per existing person: profile and training habits up to as_of. Profile attributes
    (goal, level, date of birth) are the current values; training aggregates only use completed
    workouts up to as_of. People who never trained are included (has_training_history false,
    counts and shares 0), which recommenders need for cold start. Set counts are summed from the
    per-person totals of int_user_exercise_interactions (incremental), not from every set.
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

users as (
    select * from {{ ref('dim_users') }}
),

workouts as (
    select workouts.*
    from (select * from {{ ref('fct_workouts') }}) as workouts
    cross join as_of
    where workouts.completed_at <= as_of.as_of_at
),

{# per person and exercise, with a working set (not warm-ups only): the sums below are sums over working sets #}
worked as (
    select interactions.user_id, interactions.work_sets_count, exercises.exercise_type, exercises.equipment, exercises.primary_muscle
    from {{ ref('int_user_exercise_interactions') }} as interactions
    inner join {{ ref('dim_exercises') }} as exercises on exercises.exercise_id = interactions.exercise_id
    where interactions.work_sets_count > 0
),

sessions as (
    select
        workouts.user_id,
        count(*) as sessions_count,
        count(*) filter (where workouts.completed_at > as_of.as_of_at - interval '28 days') as sessions_last_28d,
        max(workouts.completed_at) as last_workout_at,
        avg(workouts.duration_s) / 60.0 as avg_duration_min,
        avg(workouts.session_rpe) as avg_session_rpe
    from workouts
    cross join as_of
    group by workouts.user_id
),

type_shares as (
    select
        user_id,
        sum(work_sets_count) as work_sets_count,
        count(*) as distinct_exercises_count,
        sum(work_sets_count) filter (where exercise_type = 'STRENGTH')::numeric / sum(work_sets_count) as share_strength,
        sum(work_sets_count) filter (where exercise_type = 'CARDIO')::numeric / sum(work_sets_count) as share_cardio,
        sum(work_sets_count) filter (where exercise_type = 'FLEXIBILITY')::numeric / sum(work_sets_count) as share_flexibility,
        sum(work_sets_count) filter (where exercise_type = 'BALANCE')::numeric / sum(work_sets_count) as share_balance
    from worked
    group by user_id
),

{# the most used equipment and primary muscle (by working sets); ties go to the name first in order #}
preferred_equipment as (
    select distinct on (user_id) user_id, equipment
    from (select user_id, equipment, sum(work_sets_count) as n from worked group by 1, 2) as counted
    order by user_id, n desc, equipment
),

preferred_muscle as (
    select distinct on (user_id) user_id, primary_muscle
    from (select user_id, primary_muscle, sum(work_sets_count) as n from worked group by 1, 2) as counted
    order by user_id, n desc, primary_muscle
),

with_age as (
    select
        users.*,
        extract(year from age({{ utc_date('as_of.as_of_at') }}, users.date_of_birth))::integer as age_years
    from users
    cross join as_of
)

select
    with_age.user_id::bigint as user_id,
    with_age.fitness_goal::text as fitness_goal,
    with_age.experience_level::text as experience_level,
    (case
        when with_age.age_years is null then null
        when with_age.age_years < 18 then 'under_18'
        when with_age.age_years < 25 then '18_24'
        when with_age.age_years < 35 then '25_34'
        when with_age.age_years < 45 then '35_44'
        when with_age.age_years < 55 then '45_54'
        when with_age.age_years < 65 then '55_64'
        else '65_plus'
    end)::text as age_band,
    greatest(0, {{ utc_date('as_of.as_of_at') }} - {{ utc_date('with_age.signed_up_at') }})::integer as tenure_days,
    (coalesce(sessions.sessions_count, 0) > 0)::boolean as has_training_history,
    coalesce(sessions.sessions_count, 0)::integer as sessions_count,
    coalesce(sessions.sessions_last_28d, 0)::integer as sessions_last_28d,
    round(coalesce(sessions.sessions_last_28d, 0) / 4.0, 2)::numeric as sessions_per_week_4w,
    round((extract(epoch from as_of.as_of_at - sessions.last_workout_at) / 86400)::numeric, 4)::numeric
        as days_since_last_workout,
    round(sessions.avg_duration_min::numeric, 2)::numeric as avg_session_duration_min,
    round(sessions.avg_session_rpe::numeric, 2)::numeric as avg_session_rpe,
    coalesce(type_shares.work_sets_count, 0)::integer as work_sets_count,
    coalesce(type_shares.distinct_exercises_count, 0)::integer as distinct_exercises_count,
    round(coalesce(type_shares.share_strength, 0), 4)::numeric as share_strength,
    round(coalesce(type_shares.share_cardio, 0), 4)::numeric as share_cardio,
    round(coalesce(type_shares.share_flexibility, 0), 4)::numeric as share_flexibility,
    round(coalesce(type_shares.share_balance, 0), 4)::numeric as share_balance,
    preferred_equipment.equipment::text as preferred_equipment,
    preferred_muscle.primary_muscle::text as preferred_muscle_group,
    with_age.is_synthetic::boolean as is_synthetic,
    as_of.as_of_at::timestamptz as as_of
from with_age
cross join as_of
left join sessions on sessions.user_id = with_age.user_id
left join type_shares on type_shares.user_id = with_age.user_id
left join preferred_equipment on preferred_equipment.user_id = with_age.user_id
left join preferred_muscle on preferred_muscle.user_id = with_age.user_id
