select
    id::bigint                      as workout_id,
    user_id::bigint                 as user_id,
    client_id::uuid                 as client_id,
    name::text                      as workout_name,
    notes::text                     as notes,
    status::text                    as workout_status,
    (status = 'completed')          as is_completed,
    scheduled_for::timestamptz      as scheduled_at,
    started_at::timestamptz         as started_at,
    completed_at::timestamptz       as completed_at,
    duration_s::integer             as duration_s,
    total_volume_kg::numeric        as total_volume_kg,
    total_distance_m::numeric       as total_distance_m,
    calories_kcal::numeric          as calories_kcal,
    {{ staging_row_metadata() }}
from {{ source('app', 'workouts') }}
