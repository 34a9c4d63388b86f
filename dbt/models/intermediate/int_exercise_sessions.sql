{#
    One row per person, completed workout and exercise up to as_of: the sequence recommenders
    learn "what comes next" from, and the top set that progression models predict. The rules are
    those of recsys/sessions.py, which serving applies to the app database at request time: the
    top set is the working set with the highest estimated 1RM (ties: heavier, then earlier), and
    exercises without a qualifying set (cardio, holds, warm-ups only) have no top set. Custom
    exercises keep their rows, flagged; training leaves them out. features.feat_exercise_sessions
    adds as_of.
    Incremental (macros/incremental.sql): each touched person's rows from the first instant their
    changes reach are recomputed; their session numbers continue from the last row kept.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='people',
        touched_column='completed_at',
        touched_grain='instant',
        on_schema_change='fail',
        indexes=[
            {'columns': ['workout_id', 'exercise_id'], 'unique': True},
            {'columns': ['user_id', 'completed_at']},
            {'columns': ['_loaded_at']},
        ],
    )
}}
{{ touched_dependencies() }}

with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

sets as (
    select sets.*
    from {{ ref('fct_sets') }} as sets
    {% if is_incremental() %}
    inner join touched_people as touched
        on touched.user_id = sets.user_id and sets.workout_completed_at >= {{ touched_since('touched.from_at') }}
    {% endif %}
    cross join as_of
    where sets.workout_completed_at <= as_of.as_of_at
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

workouts as (
    select workout_id, workout_name from {{ ref('fct_workouts') }}
),

{# sessions before the recomputed ones: the number of the last row kept (session numbers follow time) #}
earlier as (
    {% if is_incremental() %}
    select touched.user_id, coalesce(kept.session_number, 0) as sessions_before
    from touched_people as touched
    left join lateral (
        select session_number from {{ this }} as kept
        where kept.user_id = touched.user_id and kept.completed_at < touched.from_at
        order by kept.completed_at desc, kept.workout_id desc
        limit 1
    ) as kept on true
    {% else %}
    select null::bigint as user_id, 0 as sessions_before where false
    {% endif %}
),

per_session as (
    select
        user_id,
        workout_id,
        exercise_id,
        min(workout_completed_at) as completed_at,
        min(exercise_position) as exercise_position,
        bool_or(is_custom_exercise) as is_custom_exercise,
        count(*) filter (where not is_warmup) as work_sets_count,
        sum(volume_kg) as volume_kg,
        max(_loaded_at) as _loaded_at
    from sets
    group by user_id, workout_id, exercise_id
),

top_sets as (
    select distinct on (workout_id, exercise_id)
        workout_id, exercise_id, weight_kg, reps, rpe, estimated_1rm_kg
    from sets
    where estimated_1rm_kg is not null
    order by workout_id, exercise_id, estimated_1rm_kg desc, weight_kg desc, set_index
),

numbered as (
    select
        per_session.*,
        coalesce(earlier.sessions_before, 0)
        + dense_rank() over (partition by per_session.user_id order by per_session.completed_at, per_session.workout_id)
            as session_number
    from per_session
    left join earlier on earlier.user_id = per_session.user_id
)

select
    numbered.user_id::bigint as user_id,
    numbered.workout_id::bigint as workout_id,
    numbered.exercise_id::bigint as exercise_id,
    numbered.completed_at::timestamptz as completed_at,
    numbered.session_number::integer as session_number,
    workouts.workout_name::text as workout_name,
    numbered.exercise_position::integer as exercise_position,
    numbered.is_custom_exercise::boolean as is_custom_exercise,
    numbered.work_sets_count::integer as work_sets_count,
    numbered.volume_kg::numeric as volume_kg,
    top_sets.weight_kg::numeric as top_set_weight_kg,
    top_sets.reps::integer as top_set_reps,
    top_sets.rpe::numeric as top_set_rpe,
    top_sets.estimated_1rm_kg::double precision as top_set_estimated_1rm_kg,
    users.is_synthetic::boolean as is_synthetic,
    numbered._loaded_at
from numbered
inner join users on users.user_id = numbered.user_id
left join workouts on workouts.workout_id = numbered.workout_id
left join top_sets on top_sets.workout_id = numbered.workout_id and top_sets.exercise_id = numbered.exercise_id
