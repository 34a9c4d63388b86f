{#
    One row per existing goal with its progress recomputed from the warehouse, following the
    API's rules (api/goals/service.py):
      body_weight    latest logged body weight (may go down or up)
      one_rep_max    best estimated 1RM ever on the goal's exercise (warm-ups excluded)
      workout_count  completed workouts since the goal was set
      total_distance distance over all sets of completed workouts since the goal was set
    Progress is 1 once the goal is achieved (the app's flag, never reset) or met now; otherwise
    the share of the way from start_value to target_value, clamped to 0..1; 0 when there is no
    current value, or no start value for a decreasing body-weight goal.
#}
with goals as (
    select * from {{ ref('stg_app__user_goals') }} where not is_deleted
),

users as (
    select user_id from {{ ref('dim_users') }}
),

exercises as (
    select exercise_id, exercise_name from {{ ref('dim_exercises') }}
),

as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

latest_weight as (
    select distinct on (user_id) user_id, weight_kg
    from {{ ref('stg_app__user_stats') }}
    where not is_deleted and weight_kg is not null
    order by user_id, recorded_at desc, stat_id desc
),

best_1rm as (
    select user_id, exercise_id, max(estimated_1rm_kg)::text::numeric as best_kg
    from {{ ref('fct_sets') }}
    where not is_warmup and estimated_1rm_kg is not null
    group by user_id, exercise_id
),

{# counting goals count from the moment the goal was set #}
workouts_since as (
    select goals.goal_id, count(*)::numeric as value
    from goals
    inner join (select * from {{ ref('fct_workouts') }}) as w
        on w.user_id = goals.user_id and w.completed_at >= goals.created_at
    where goals.metric = 'workout_count'
    group by goals.goal_id
),

distance_since as (
    select goals.goal_id, coalesce(sum(s.distance_m), 0) as value
    from goals
    inner join (select * from {{ ref('fct_sets') }}) as s
        on s.user_id = goals.user_id and s.workout_completed_at >= goals.created_at
    where goals.metric = 'total_distance'
    group by goals.goal_id
),

measured as (
    select
        goals.*,
        case goals.metric
            when 'body_weight' then latest_weight.weight_kg
            when 'one_rep_max' then best_1rm.best_kg
            when 'workout_count' then coalesce(workouts_since.value, 0)
            when 'total_distance' then coalesce(distance_since.value, 0)
        end as measured_value,
        (goals.metric = 'body_weight' and (
            case
                when goals.start_value is not null and goals.start_value <> goals.target_value
                    then goals.target_value < goals.start_value
                else goals.goal_type = 'weight_loss'
            end
        )) as is_decreasing
    from goals
    inner join users on users.user_id = goals.user_id
    left join latest_weight on latest_weight.user_id = goals.user_id
    left join best_1rm on best_1rm.user_id = goals.user_id and best_1rm.exercise_id = goals.exercise_id
    left join workouts_since on workouts_since.goal_id = goals.goal_id
    left join distance_since on distance_since.goal_id = goals.goal_id
    where goals.exercise_id is null or goals.exercise_id in (select exercise_id from exercises)
),

scored as (
    select
        *,
        coalesce(
            case when is_decreasing then measured_value <= target_value else measured_value >= target_value end,
            false
        ) as is_met_now
    from measured
)

select
    scored.goal_id,
    scored.user_id,
    scored.goal_type,
    scored.metric,
    scored.exercise_id,
    exercises.exercise_name,
    scored.goal_title,
    scored.target_value,
    scored.start_value,
    scored.current_value as app_current_value,
    scored.measured_value as current_value,
    scored.is_decreasing,
    scored.is_met_now,
    round((case
        when scored.is_achieved or scored.is_met_now then 1
        when scored.measured_value is null or (scored.start_value is null and scored.is_decreasing) then 0
        when scored.target_value - coalesce(scored.start_value, 0) = 0 then 0
        else least(1, greatest(0,
                (scored.measured_value - coalesce(scored.start_value, 0))
                / (scored.target_value - coalesce(scored.start_value, 0))))
    end)::numeric, 4) as progress_ratio,
    scored.is_achieved,
    scored.achieved_at,
    scored.created_at as set_at,
    scored.target_date,
    (not scored.is_achieved and scored.target_date is not null
        and scored.target_date < {{ utc_date('as_of.as_of_at') }}) as is_overdue,
    round((extract(epoch from scored.achieved_at - scored.created_at) / 86400)::numeric, 2) as days_to_achieve,
    scored.is_synthetic
from scored
cross join as_of
left join exercises on exercises.exercise_id = scored.exercise_id
