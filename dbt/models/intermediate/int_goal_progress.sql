{#
    One row per existing goal with its progress recomputed from the warehouse, following the
    API's rules (api/goals/service.py):
      body_weight    latest logged body weight (may go down or up)
      one_rep_max    best estimated 1RM ever on the goal's exercise (warm-ups excluded)
      workout_count  completed workouts since the goal was set
      total_distance distance over all sets of completed workouts since the goal was set
    Progress is 1 once the goal is achieved (the app's flag, never reset) or met now; otherwise
    the share of the way from start_value to target_value, clamped to 0..1; 0 when there is no
    current value, or no start value for a decreasing body-weight goal. marts.goal_progress adds
    what depends on as_of (is_overdue).
    Incremental (macros/incremental.sql): the goals of each touched person are recomputed, and
    of each person whose goals or body stats changed, or whose goal's exercise did.
#}
{{
    config(
        materialized='incremental',
        pre_hook=["{{ prepare_touched() }}", "{{ touch_people_with_changed_goals() }}"],
        incremental_strategy='replace_touched',
        touched='people',
        on_schema_change='fail',
        indexes=[{'columns': ['goal_id'], 'unique': True}, {'columns': ['user_id']}],
    )
}}
{{ touched_dependencies() }}

with goals as (
    select * from {{ ref('stg_app__user_goals') }}
    where not is_deleted
    {% if is_incremental() %}
      and user_id in (select user_id from touched_people)
    {% endif %}
),

users as (
    select user_id from {{ ref('dim_users') }}
),

exercises as (
    select exercise_id, exercise_name from {{ ref('dim_exercises') }}
),

latest_weight as (
    select distinct on (user_id) user_id, weight_kg
    from {{ ref('stg_app__user_stats') }}
    where not is_deleted and weight_kg is not null and user_id in (select user_id from goals where metric = 'body_weight')
    order by user_id, recorded_at desc, stat_id desc
),

best_1rm as (
    select sets.user_id, sets.exercise_id, max(sets.estimated_1rm_kg)::text::numeric as best_kg
    from (select distinct user_id, exercise_id from goals where metric = 'one_rep_max') as pairs
    inner join (select * from {{ ref('fct_sets') }}) as sets on sets.user_id = pairs.user_id and sets.exercise_id = pairs.exercise_id
    where not sets.is_warmup and sets.estimated_1rm_kg is not null
    group by sets.user_id, sets.exercise_id
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

{# the latest ingest write of the goal, its person's body stats or workouts: where the next run starts looking #}
loaded as (
    select goals.goal_id, greatest(goals._loaded_at, stats.loaded_at, workouts.loaded_at) as _loaded_at
    from goals
    left join (
        select user_id, max(_loaded_at) as loaded_at from {{ ref('stg_app__user_stats') }}
        where user_id in (select user_id from goals) group by user_id
    ) as stats on stats.user_id = goals.user_id
    left join (
        select user_id, max(_loaded_at) as loaded_at from {{ ref('fct_workouts') }}
        where user_id in (select user_id from goals) group by user_id
    ) as workouts on workouts.user_id = goals.user_id
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
    round((extract(epoch from scored.achieved_at - scored.created_at) / 86400)::numeric, 2) as days_to_achieve,
    scored.is_synthetic,
    loaded._loaded_at
from scored
inner join loaded on loaded.goal_id = scored.goal_id
left join exercises on exercises.exercise_id = scored.exercise_id
