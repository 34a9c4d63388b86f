{#
    Every existing goal with its progress (int_goal_progress, which follows the API's rules) and
    whether it is overdue on as_of's UTC date. A view: the table behind it is incremental, and
    what is overdue changes with the day.
#}
{{ config(materialized='view') }}

select
    goals.goal_id,
    goals.user_id,
    goals.goal_type,
    goals.metric,
    goals.exercise_id,
    goals.exercise_name,
    goals.goal_title,
    goals.target_value,
    goals.start_value,
    goals.app_current_value,
    goals.current_value,
    goals.is_decreasing,
    goals.is_met_now,
    goals.progress_ratio,
    goals.is_achieved,
    goals.achieved_at,
    goals.set_at,
    goals.target_date,
    (not goals.is_achieved and goals.target_date is not null
        and goals.target_date < {{ utc_date(as_of_timestamp()) }}) as is_overdue,
    goals.days_to_achieve,
    goals.is_synthetic
from {{ ref('int_goal_progress') }} as goals
