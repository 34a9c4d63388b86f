select
    id::bigint                      as stat_id,
    user_id::bigint                 as user_id,
    recorded_at::timestamptz        as recorded_at,
    weight_kg::numeric              as weight_kg,
    body_fat_pct::numeric           as body_fat_pct,
    resting_heart_rate::integer     as resting_heart_rate_bpm,
    notes::text                     as notes,
    {{ staging_row_metadata() }}
from {{ source('app', 'user_stats') }}
