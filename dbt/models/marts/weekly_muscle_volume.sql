{#
    One row per person, ISO week (Monday, UTC) and primary muscle group trained that week.
    Volume is attributed to the exercise's primary muscle only.
#}
with sets as (
    select * from {{ ref('fct_sets') }}
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
    users.is_synthetic
from sets
inner join users on users.user_id = sets.user_id
group by sets.user_id, sets.workout_week, sets.primary_muscle, users.is_synthetic
