select
    id::bigint                          as user_id,
    username::text                      as username,
    date_of_birth::date                 as date_of_birth,
    height_m::numeric                   as height_m,
    fitness_goal::text                  as fitness_goal,
    experience_level::text              as experience_level,
    unit_system::text                   as unit_system,
    workout_visibility::text            as workout_visibility,
    stats_visibility::text              as stats_visibility,
    is_active::boolean                  as is_active,
    password_changed_at::timestamptz    as password_changed_at,
    is_discoverable::boolean            as is_discoverable,
    {{ staging_row_metadata() }}
from {{ source('app', 'users') }}
