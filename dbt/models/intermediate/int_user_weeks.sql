{#
    One row per person and ISO week (Monday start, UTC) in which the person completed at least
    one workout. Weeks without training have no row; retention_cohorts fills the gaps.
    Incremental (macros/incremental.sql): each touched person's weeks from the first week their
    changes reach are deleted and computed again.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='people',
        touched_column='week_start',
        touched_grain='week',
        on_schema_change='fail',
        indexes=[{'columns': ['user_id', 'week_start'], 'unique': True}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with sessions as (
    select workouts.*
    from {{ ref('fct_workouts') }} as workouts
    {% if is_incremental() %}
    inner join touched_people as touched
        on touched.user_id = workouts.user_id and workouts.completed_at >= {{ touched_since('touched.from_at') }}
    {% endif %}
),

weeks as (
    select
        user_id,
        workout_week as week_start,
        count(*) as sessions_count,
        sum(work_sets_count) as work_sets_count,
        sum(total_volume_kg) as total_volume_kg,
        sum(duration_s) as total_duration_s,
        sum(session_load) as total_session_load,
        min(completed_at) as first_completed_at,
        max(completed_at) as last_completed_at,
        bool_or(is_synthetic) as is_synthetic,
        max(_loaded_at) as _loaded_at
    from sessions
    group by user_id, workout_week
)

select
    user_id,
    week_start,
    {{ iso_week_label('week_start') }} as iso_week,
    sessions_count,
    work_sets_count,
    total_volume_kg,
    total_duration_s,
    total_session_load,
    first_completed_at,
    last_completed_at,
    is_synthetic,
    _loaded_at
from weeks
