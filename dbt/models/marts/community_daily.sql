{#
    The community per UTC day: people who completed a workout (daily active lifters), workouts,
    sign-ups, kudos, and comments with their moderation state. A day with none of these is absent.
#}
with workouts as (
    select workout_date as activity_date, is_synthetic, count(*) as workouts_count, count(distinct user_id) as active_lifters
    from {{ ref('fct_workouts') }}
    group by 1, 2
),

sign_ups as (
    select {{ utc_date('signed_up_at') }} as activity_date, is_synthetic, count(*) as sign_ups
    from {{ ref('dim_users') }}
    group by 1, 2
),

kudos as (
    select {{ utc_date('created_at') }} as activity_date, is_synthetic, count(*) as kudos
    from {{ ref('stg_app__reactions') }}
    where not is_deleted
    group by 1, 2
),

comments as (
    select
        {{ utc_date('created_at') }} as activity_date,
        is_synthetic,
        count(*) as comments,
        count(*) filter (where moderation_state = 'held') as comments_held,
        count(*) filter (where moderation_state = 'rejected') as comments_rejected
    from {{ ref('stg_app__comments') }}
    where not is_deleted
    group by 1, 2
),

days as (
    select activity_date, is_synthetic from workouts
    union select activity_date, is_synthetic from sign_ups
    union select activity_date, is_synthetic from kudos
    union select activity_date, is_synthetic from comments
)

select
    days.activity_date,
    days.is_synthetic,
    coalesce(workouts.active_lifters, 0) as active_lifters,
    coalesce(workouts.workouts_count, 0) as workouts_count,
    coalesce(sign_ups.sign_ups, 0) as sign_ups,
    coalesce(kudos.kudos, 0) as kudos,
    coalesce(comments.comments, 0) as comments,
    coalesce(comments.comments_held, 0) as comments_held,
    coalesce(comments.comments_rejected, 0) as comments_rejected
from days
left join workouts using (activity_date, is_synthetic)
left join sign_ups using (activity_date, is_synthetic)
left join kudos using (activity_date, is_synthetic)
left join comments using (activity_date, is_synthetic)
