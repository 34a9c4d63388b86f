select
    id::bigint            as challenge_id,
    creator_id::bigint    as creator_user_id,
    title::text           as challenge_title,
    metric::text          as challenge_metric,
    muscle_group::text    as muscle_group,
    starts_on::date       as starts_on,
    ends_on::date         as ends_on,
    {{ staging_row_metadata() }}
from {{ source('app', 'challenges') }}
