select
    id::bigint                              as exercise_id,
    owner_id::bigint                        as owner_user_id,
    (owner_id is not null)                  as is_custom,
    name::text                              as exercise_name,
    description::text                       as description,
    primary_muscle::text                    as primary_muscle,
    coalesce(secondary_muscles, '{}')::text[] as secondary_muscles,
    equipment::text                         as equipment,
    exercise_type::text                     as exercise_type,
    difficulty::integer                     as difficulty,
    coalesce(instructions, '{}')::text[]    as instructions,
    coalesce(tips, '{}')::text[]            as tips,
    is_distance_based::boolean              as is_distance_based,
    is_time_based::boolean                  as is_time_based,
    met_value::numeric                      as met_value,
    {{ staging_row_metadata() }}
from {{ source('app', 'exercises') }}
