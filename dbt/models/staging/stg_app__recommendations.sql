select
    id::bigint                          as recommendation_id,
    user_id::bigint                     as user_id,
    kind::text                          as recommendation_kind,
    model_name::text                    as model_name,
    model_version::text                 as model_version,
    (model_version is null)             as is_fallback,
    exercise_ids::bigint[]              as exercise_ids,
    cardinality(exercise_ids)::integer  as recommended_exercises_count,
    {{ staging_row_metadata() }}
from {{ source('app', 'recommendations') }}
