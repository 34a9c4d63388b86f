select
    id::bigint            as comment_id,
    workout_id::bigint    as workout_id,
    user_id::bigint       as user_id,
    moderation::text      as moderation_state,
    {{ staging_row_metadata() }}
from {{ source('app', 'comments') }}
