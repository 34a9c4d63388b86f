select
    id::bigint                      as workout_exercise_id,
    workout_id::bigint              as workout_id,
    exercise_id::bigint             as exercise_id,
    position::integer               as position,
    target_sets::integer            as target_sets,
    target_reps::integer            as target_reps,
    target_weight_kg::numeric       as target_weight_kg,
    target_duration_s::integer      as target_duration_s,
    target_distance_m::numeric      as target_distance_m,
    rest_seconds::integer           as rest_s,
    notes::text                     as notes,
    {{ staging_row_metadata() }}
from {{ source('app', 'workout_exercises') }}
