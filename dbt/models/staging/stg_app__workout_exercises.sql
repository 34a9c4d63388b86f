with source as (
    select * from {{ source('app', 'workout_exercises') }}
),

renamed as (
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
        created_at::timestamptz         as created_at,
        updated_at::timestamptz         as updated_at,
        is_synthetic::boolean           as is_synthetic,
        _loaded_at::timestamptz         as _loaded_at,
        _deleted_at::timestamptz        as deleted_at,
        (_deleted_at is not null)       as is_deleted
    from source
)

select * from renamed
