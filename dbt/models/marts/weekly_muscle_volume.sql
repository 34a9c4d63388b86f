{#
    One row per person, ISO week (Monday, UTC) and primary muscle group trained that week.
    Volume is attributed to the exercise's primary muscle only.
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
        indexes=[{'columns': ['user_id', 'week_start']}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with sets as (
    select sets.*
    from {{ ref('fct_sets') }} as sets
    {% if is_incremental() %}
    inner join touched_people as touched
        on touched.user_id = sets.user_id and sets.workout_completed_at >= {{ touched_since('touched.from_at') }}
    {% endif %}
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
)

select
    sets.user_id,
    sets.workout_week as week_start,
    {{ iso_week_label('sets.workout_week') }} as iso_week,
    sets.primary_muscle as muscle_group,
    count(distinct sets.workout_id) as sessions_count,
    count(*) filter (where not sets.is_warmup) as work_sets_count,
    coalesce(sum(sets.reps) filter (where not sets.is_warmup), 0) as work_reps,
    sum(sets.volume_kg) as volume_kg,
    users.is_synthetic,
    max(sets._loaded_at) as _loaded_at
from sets
inner join users on users.user_id = sets.user_id
group by sets.user_id, sets.workout_week, sets.primary_muscle, users.is_synthetic
