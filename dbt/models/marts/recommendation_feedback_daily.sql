{#
    How served recommendations were received, per UTC day they were served, kind, model and
    version, and is_synthetic. Feedback counts toward the day its list was served, whenever it
    arrived, so a day's acceptance rate describes the lists of that day.
#}
with users as (
    select user_id from {{ ref('stg_app__users') }} where not is_deleted
),

recommendations as (
    select recommendations.*
    from {{ ref('stg_app__recommendations') }} as recommendations
    join users on users.user_id = recommendations.user_id
    where not recommendations.is_deleted
),

feedback as (
    select
        recommendation_id,
        count(*) filter (where feedback_action = 'accepted') as accepted_count,
        count(*) filter (where feedback_action = 'skipped') as skipped_count,
        count(*) filter (where feedback_action = 'thumbs_up') as thumbs_up_count,
        count(*) filter (where feedback_action = 'thumbs_down') as thumbs_down_count
    from {{ ref('stg_app__recommendation_feedback') }}
    where not is_deleted
    group by recommendation_id
),

per_recommendation as (
    select
        {{ utc_date('recommendations.created_at') }} as recommendation_date,
        recommendations.recommendation_kind,
        recommendations.model_name,
        recommendations.model_version,
        recommendations.is_fallback,
        recommendations.is_synthetic,
        recommendations.recommended_exercises_count,
        feedback.recommendation_id is not null as has_feedback,
        coalesce(feedback.accepted_count, 0) as accepted_count,
        coalesce(feedback.skipped_count, 0) as skipped_count,
        coalesce(feedback.thumbs_up_count, 0) as thumbs_up_count,
        coalesce(feedback.thumbs_down_count, 0) as thumbs_down_count
    from recommendations
    left join feedback on feedback.recommendation_id = recommendations.recommendation_id
),

daily as (
    select
        recommendation_date,
        recommendation_kind,
        model_name,
        model_version,
        is_fallback,
        is_synthetic,
        count(*) as recommendations_count,
        count(*) filter (where has_feedback) as recommendations_with_feedback_count,
        sum(recommended_exercises_count) as recommended_exercises_count,
        sum(accepted_count) as accepted_count,
        sum(skipped_count) as skipped_count,
        sum(thumbs_up_count) as thumbs_up_count,
        sum(thumbs_down_count) as thumbs_down_count
    from per_recommendation
    group by recommendation_date, recommendation_kind, model_name, model_version, is_fallback, is_synthetic
)

select
    recommendation_date,
    recommendation_kind,
    model_name,
    model_version,
    is_fallback,
    is_synthetic,
    recommendations_count,
    recommendations_with_feedback_count,
    round(recommendations_with_feedback_count::numeric / recommendations_count, 4) as feedback_rate,
    recommended_exercises_count,
    accepted_count,
    skipped_count,
    thumbs_up_count,
    thumbs_down_count,
    round(accepted_count::numeric / nullif(accepted_count + skipped_count, 0), 4) as acceptance_rate
from daily
