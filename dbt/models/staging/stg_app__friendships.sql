select
    id::bigint                  as friendship_id,
    requester_id::bigint        as requester_user_id,
    addressee_id::bigint        as addressee_user_id,
    status::text                as friendship_status,
    responded_at::timestamptz   as responded_at,
    {{ staging_row_metadata() }}
from {{ source('app', 'friendships') }}
