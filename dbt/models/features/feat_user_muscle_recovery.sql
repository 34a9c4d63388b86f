{#
    Recovery state per existing person and muscle group at as_of: how much each muscle was
    loaded in the last 1, 2, 3 and 7 days (24, 48, 72 and 168 hours), and hours since it was last trained.
    A working set loads its exercise's primary muscle with weight 1 and each secondary muscle
    with weight 0.5; "effective sets" and "effective volume" are those weighted sums. Windows
    are (as_of - N hours, as_of], by the workout's completion time. Warm-ups do not count.
    Only the last 7 days' sets are read; when each muscle was last trained comes from the
    per-exercise latest working sets of int_user_exercise_interactions (incremental).
#}
with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

muscles as (
    select * from {{ enum_relation('muscle_group', 'muscle_group') }} as muscles
),

{# working sets of the 7 days before as_of: its workouts through fct_workouts' completed_at index #}
work_sets as (
    select sets.*
    from {{ ref('fct_workouts') }} as workouts
    cross join as_of
    inner join {{ ref('fct_sets') }} as sets on sets.workout_id = workouts.workout_id
    where workouts.completed_at > as_of.as_of_at - interval '168 hours' and workouts.completed_at <= as_of.as_of_at
      and not sets.is_warmup
),

contributions as (
    select user_id, primary_muscle as muscle_group, 1.0 as share, volume_kg, workout_completed_at
    from work_sets
    union all
    select user_id, secondary.muscle_group, 0.5 as share, volume_kg, workout_completed_at
    from work_sets
    cross join lateral unnest(work_sets.secondary_muscles) as secondary(muscle_group)
),

loads as (
    select
        contributions.user_id,
        contributions.muscle_group,
        {% for days in [1, 2, 3, 7] %}
        sum(contributions.share) filter (where contributions.workout_completed_at > as_of.as_of_at - interval '{{ days * 24 }} hours')
            as effective_sets_{{ days }}d,
        sum(contributions.share * contributions.volume_kg) filter (where contributions.workout_completed_at > as_of.as_of_at - interval '{{ days * 24 }} hours')
            as effective_volume_kg_{{ days }}d{{ ',' if not loop.last }}
        {% endfor %}
    from contributions
    cross join as_of
    group by contributions.user_id, contributions.muscle_group
),

{# the latest working set on each muscle, primary or secondary, from the per-exercise latest ones #}
last_trained as (
    select interactions.user_id, trained.muscle_group, max(interactions.last_worked_at) as last_trained_at
    from {{ ref('int_user_exercise_interactions') }} as interactions
    inner join {{ ref('dim_exercises') }} as exercises on exercises.exercise_id = interactions.exercise_id
    cross join lateral (
        select exercises.primary_muscle union all select unnest(exercises.secondary_muscles)
    ) as trained(muscle_group)
    where interactions.last_worked_at is not null
    group by interactions.user_id, trained.muscle_group
)

select
    users.user_id::bigint as user_id,
    muscles.muscle_group::text as muscle_group,
    {% for days in [1, 2, 3, 7] %}
    coalesce(loads.effective_sets_{{ days }}d, 0)::numeric as effective_sets_{{ days }}d,
    coalesce(loads.effective_volume_kg_{{ days }}d, 0)::numeric as effective_volume_kg_{{ days }}d,
    {% endfor %}
    last_trained.last_trained_at::timestamptz as last_trained_at,
    round((extract(epoch from as_of.as_of_at - last_trained.last_trained_at) / 3600)::numeric, 2)::numeric
        as hours_since_last_trained,
    users.is_synthetic::boolean as is_synthetic,
    as_of.as_of_at::timestamptz as as_of
from users
cross join muscles
cross join as_of
left join loads on loads.user_id = users.user_id and loads.muscle_group = muscles.muscle_group
left join last_trained on last_trained.user_id = users.user_id and last_trained.muscle_group = muscles.muscle_group
