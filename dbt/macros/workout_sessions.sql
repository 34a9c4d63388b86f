{#
    The body of int_workout_sessions (see that model). fct_workouts' incremental runs call it
    with only_touched: each step then reads only the touched workouts' rows (the temp table
    touched_workouts, macros/incremental.sql), which a filter on the view could not reach through
    its GROUP BYs.
#}
{% macro workout_sessions(only_touched=false) %}
{%- set touched = ' and workout_id in (select workout_id from touched_workouts)' if only_touched else '' %}
with workouts as (
    select * from {{ ref('stg_app__workouts') }} where not is_deleted and is_completed{{ touched }}
),

users as (
    select user_id, _loaded_at from {{ ref('stg_app__users') }} where not is_deleted
),

entries as (
    select workout_id, count(*) as exercise_entries_count
    from {{ ref('stg_app__workout_exercises') }}
    where not is_deleted{{ touched }}
    group by workout_id
),

set_totals as (
    select
        workout_id,
        count(*) as sets_count,
        count(*) filter (where not is_warmup) as work_sets_count,
        count(*) filter (where is_warmup) as warmup_sets_count,
        coalesce(sum(reps) filter (where not is_warmup), 0) as work_reps,
        sum(volume_kg) as total_volume_kg,
        coalesce(sum(distance_m), 0) as total_distance_m,
        count(distinct exercise_id) as exercises_count,
        count(distinct primary_muscle) as muscle_groups_count,
        round(avg(rpe) filter (where not is_warmup and rpe is not null), 2) as avg_work_rpe,
        max(estimated_1rm_kg) as best_estimated_1rm_kg
    from {{ ref('int_workout_sets_enriched') }}
    where true{{ touched }}
    group by workout_id
),

{#
    Latest ingest write among everything below the workout, deleted rows included: a set that
    was added, changed or deleted changes the workout's totals.
#}
child_changes as (
    select
        entries.workout_id,
        max(greatest(entries._loaded_at, entries.deleted_at,
                     exercises._loaded_at, exercises.deleted_at,
                     sets._loaded_at, sets.deleted_at)) as changed_at
    from (select * from {{ ref('stg_app__workout_exercises') }} where true{{ touched }}) as entries
    left join (select * from {{ ref('stg_app__exercises') }}) as exercises on exercises.exercise_id = entries.exercise_id
    left join (select * from {{ ref('stg_app__workout_sets') }}) as sets on sets.workout_exercise_id = entries.workout_exercise_id
    group by entries.workout_id
),

sessions as (
    select
        workouts.workout_id,
        workouts.user_id,
        workouts.workout_name,
        workouts.started_at,
        workouts.completed_at,
        {{ utc_date('workouts.completed_at') }} as workout_date,
        {{ utc_week_start('workouts.completed_at') }} as workout_week,
        coalesce(workouts.duration_s,
                 floor(extract(epoch from workouts.completed_at - workouts.started_at))::integer) as duration_s,
        coalesce(entries.exercise_entries_count, 0) as exercise_entries_count,
        coalesce(set_totals.exercises_count, 0) as exercises_count,
        coalesce(set_totals.muscle_groups_count, 0) as muscle_groups_count,
        coalesce(set_totals.sets_count, 0) as sets_count,
        coalesce(set_totals.work_sets_count, 0) as work_sets_count,
        coalesce(set_totals.warmup_sets_count, 0) as warmup_sets_count,
        coalesce(set_totals.work_reps, 0) as work_reps,
        coalesce(set_totals.total_volume_kg, 0) as total_volume_kg,
        coalesce(set_totals.total_distance_m, 0) as total_distance_m,
        set_totals.best_estimated_1rm_kg,
        set_totals.avg_work_rpe,
        workouts.total_volume_kg as app_total_volume_kg,
        workouts.calories_kcal,
        workouts.is_synthetic,
        greatest(workouts._loaded_at, users._loaded_at, child_changes.changed_at) as _changed_at
    from workouts
    inner join users on users.user_id = workouts.user_id
    left join entries on entries.workout_id = workouts.workout_id
    left join set_totals on set_totals.workout_id = workouts.workout_id
    left join child_changes on child_changes.workout_id = workouts.workout_id
),

with_load as (
    select
        *,
        coalesce(avg_work_rpe, {{ default_session_rpe() }})::numeric as session_rpe,
        round(duration_s / 60.0 * coalesce(avg_work_rpe, {{ default_session_rpe() }}), 2) as session_load
    from sessions
)

select * from with_load
{% endmacro %}
