{#
    Weekly retention: a person's cohort is the ISO week (Monday, UTC) of their first completed
    workout; week_number N counts weeks since then (0 = the cohort week). For every cohort and
    every week from 0 to the week holding as_of, the share of the cohort that completed at
    least one workout in that week. Split by is_synthetic so test data can be left out.
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

user_weeks as (
    select user_weeks.user_id, user_weeks.week_start
    from (select * from {{ ref('int_user_weeks') }}) as user_weeks
    cross join as_of
    where user_weeks.first_completed_at <= as_of.as_of_at
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

cohorts as (
    select user_weeks.user_id, min(user_weeks.week_start) as cohort_week, users.is_synthetic
    from user_weeks
    inner join users on users.user_id = user_weeks.user_id
    group by user_weeks.user_id, users.is_synthetic
),

cohort_sizes as (
    select cohort_week, is_synthetic, count(*) as cohort_size
    from cohorts
    group by cohort_week, is_synthetic
),

grid as (
    select
        cohort_sizes.cohort_week,
        cohort_sizes.is_synthetic,
        cohort_sizes.cohort_size,
        weeks.week_number::integer as week_number
    from cohort_sizes
    cross join as_of
    cross join lateral generate_series(
        0, ({{ utc_week_start('as_of.as_of_at') }} - cohort_sizes.cohort_week) / 7
    ) as weeks(week_number)
),

activity as (
    select
        cohorts.cohort_week,
        cohorts.is_synthetic,
        ((user_weeks.week_start - cohorts.cohort_week) / 7)::integer as week_number,
        count(distinct user_weeks.user_id) as active_users
    from user_weeks
    inner join cohorts on cohorts.user_id = user_weeks.user_id
    group by 1, 2, 3
)

select
    grid.cohort_week,
    {{ iso_week_label('grid.cohort_week') }} as cohort_iso_week,
    grid.is_synthetic,
    grid.week_number,
    (grid.cohort_week + 7 * grid.week_number) as activity_week,
    grid.cohort_size,
    coalesce(activity.active_users, 0) as active_users,
    round(coalesce(activity.active_users, 0)::numeric / grid.cohort_size, 4) as retention_rate
from grid
left join activity
    on activity.cohort_week = grid.cohort_week
    and activity.is_synthetic = grid.is_synthetic
    and activity.week_number = grid.week_number
