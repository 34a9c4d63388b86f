select
    id::bigint            as reaction_id,
    workout_id::bigint    as workout_id,
    user_id::bigint       as user_id,
    {{ staging_row_metadata() }}
from {{ source('app', 'reactions') }}
