{#
    Implicit feedback for recommenders: one row per person and exercise they have trained
    (completed workouts up to as_of). No explicit ratings exist; repetition is the signal.
    A view: the counts live in the incremental int_user_exercise_interactions, and only the
    columns relative to as_of are computed here, when the features are read.
#}
{{ config(materialized='view') }}

with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
)

select
    interactions.user_id::bigint as user_id,
    interactions.exercise_id::bigint as exercise_id,
    interactions.sessions_count::integer as sessions_count,
    interactions.sets_count::integer as sets_count,
    interactions.work_sets_count::integer as work_sets_count,
    interactions.total_volume_kg::numeric as total_volume_kg,
    interactions.best_estimated_1rm_kg::double precision as best_estimated_1rm_kg,
    interactions.first_performed_at::timestamptz as first_performed_at,
    interactions.last_performed_at::timestamptz as last_performed_at,
    round((extract(epoch from as_of.as_of_at - interactions.last_performed_at) / 86400)::numeric, 4)::numeric
        as days_since_last,
    round((extract(epoch from as_of.as_of_at - interactions.first_performed_at) / 86400)::numeric, 4)::numeric
        as days_since_first,
    interactions.is_synthetic::boolean as is_synthetic,
    as_of.as_of_at::timestamptz as as_of
from {{ ref('int_user_exercise_interactions') }} as interactions
cross join as_of
