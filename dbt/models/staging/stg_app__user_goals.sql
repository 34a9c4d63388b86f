select
    id::bigint                  as goal_id,
    user_id::bigint             as user_id,
    exercise_id::bigint         as exercise_id,
    goal_type::text             as goal_type,
    metric::text                as metric,
    title::text                 as goal_title,
    target_value::numeric       as target_value,
    start_value::numeric        as start_value,
    current_value::numeric      as current_value,
    target_date::date           as target_date,
    is_achieved::boolean        as is_achieved,
    achieved_at::timestamptz    as achieved_at,
    {{ staging_row_metadata() }}
from {{ source('app', 'user_goals') }}
