select
    id::bigint                  as report_id,
    reporter_id::bigint         as reporter_user_id,
    subject::text               as report_subject,
    reported_user_id::bigint    as reported_user_id,
    workout_id::bigint          as workout_id,
    comment_id::bigint          as comment_id,
    reason::text                as report_reason,
    status::text                as report_status,
    resolved_at::timestamptz    as resolved_at,
    {{ staging_row_metadata() }}
from {{ source('app', 'reports') }}
