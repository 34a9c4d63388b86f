{#
    One row per person and ISO week (Monday start, UTC) in which the person completed at least
    one workout. Weeks without training have no row; retention_cohorts fills the gaps.
#}
with sessions as (
    select * from {{ ref('int_workout_sessions') }}
),

users as (
    select user_id, is_synthetic from {{ ref('stg_app__users') }} where not is_deleted
),

weeks as (
    select
        user_id,
        {{ utc_week_start('completed_at') }} as week_start,
        count(*) as sessions_count,
        sum(work_sets_count) as work_sets_count,
        sum(total_volume_kg) as total_volume_kg,
        sum(duration_s) as total_duration_s,
        sum(session_load) as total_session_load,
        min(completed_at) as first_completed_at,
        max(completed_at) as last_completed_at
    from sessions
    group by user_id, {{ utc_week_start('completed_at') }}
)

select
    weeks.user_id,
    weeks.week_start,
    {{ iso_week_label('weeks.week_start') }} as iso_week,
    weeks.sessions_count,
    weeks.work_sets_count,
    weeks.total_volume_kg,
    weeks.total_duration_s,
    weeks.total_session_load,
    weeks.first_completed_at,
    weeks.last_completed_at,
    users.is_synthetic
from weeks
inner join users on users.user_id = weeks.user_id
