with source as (
    select * from {{ source('app', 'users') }}
),

renamed as (
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
        created_at::timestamptz             as created_at,
        updated_at::timestamptz             as updated_at,
        is_synthetic::boolean               as is_synthetic,
        _loaded_at::timestamptz             as _loaded_at,
        _deleted_at::timestamptz            as deleted_at,
        (_deleted_at is not null)           as is_deleted
    from source
)

select * from renamed
