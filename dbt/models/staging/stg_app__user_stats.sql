with source as (
    select * from {{ source('app', 'user_stats') }}
),

renamed as (
    select
        id::bigint                      as stat_id,
        user_id::bigint                 as user_id,
        recorded_at::timestamptz        as recorded_at,
        weight_kg::numeric              as weight_kg,
        body_fat_pct::numeric           as body_fat_pct,
        resting_heart_rate::integer     as resting_heart_rate_bpm,
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
