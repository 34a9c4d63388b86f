select
    id::bigint                   as participant_id,
    challenge_id::bigint         as challenge_id,
    user_id::bigint              as user_id,
    status::text                 as participant_status,
    responded_at::timestamptz    as responded_at,
    {{ staging_row_metadata() }}
from {{ source('app', 'challenge_participants') }}
