select
    id::bigint                      as set_id,
    workout_exercise_id::bigint     as workout_exercise_id,
    set_index::integer              as set_index,
    set_type::text                  as set_type,
    (set_type = 'warmup')           as is_warmup,
    reps::integer                   as reps,
    {# numeric without a typmod: the SI value is kept with every digit (102.05828325 kg from 225 lb) #}
    weight_kg::numeric              as weight_kg,
    duration_s::integer             as duration_s,
    distance_m::numeric             as distance_m,
    rpe::numeric                    as rpe,
    completed_at::timestamptz       as completed_at,
    {{ staging_row_metadata() }}
from {{ source('app', 'workout_sets') }}
