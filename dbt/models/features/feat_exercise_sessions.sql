{#
    The session sequences of int_exercise_sessions (see there) with the time they are as of.
    A view: the table behind it is incremental, and as_of moves with every new workout.
#}
{{ config(materialized='view') }}

select
    sessions.user_id,
    sessions.workout_id,
    sessions.exercise_id,
    sessions.completed_at,
    sessions.session_number,
    sessions.workout_name,
    sessions.exercise_position,
    sessions.is_custom_exercise,
    sessions.work_sets_count,
    sessions.volume_kg,
    sessions.top_set_weight_kg,
    sessions.top_set_reps,
    sessions.top_set_rpe,
    sessions.top_set_estimated_1rm_kg,
    sessions.is_synthetic,
    ({{ as_of_timestamp() }})::timestamptz as as_of
from {{ ref('int_exercise_sessions') }} as sessions
