select
    id::bigint                  as feedback_id,
    recommendation_id::bigint   as recommendation_id,
    user_id::bigint             as user_id,
    exercise_id::bigint         as exercise_id,
    action::text                as feedback_action,
    {{ staging_row_metadata() }}
from {{ source('app', 'recommendation_feedback') }}
