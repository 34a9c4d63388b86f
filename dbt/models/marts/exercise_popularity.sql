{#
    How popular each library exercise is among people of a fitness goal and experience level
    (the person's current profile). Custom exercises are private to one person and left out.
    Only exercises done at least once in a segment have a row there. Built from the per-person
    totals of int_user_exercise_interactions (incremental), not from every set.
#}
with interactions as (
    select * from {{ ref('int_user_exercise_interactions') }}
),

users as (
    select user_id, fitness_goal, experience_level, is_synthetic from {{ ref('dim_users') }}
),

exercises as (
    select * from {{ ref('dim_exercises') }} where not is_custom
),

{# per person and exercise already (one row each): summing them is summing the sets #}
by_segment as (
    select
        users.fitness_goal,
        users.experience_level,
        users.is_synthetic,
        interactions.exercise_id,
        count(*) as users_count,
        sum(interactions.sessions_count) as sessions_count,
        sum(interactions.work_sets_count) as work_sets_count,
        sum(interactions.total_volume_kg) as total_volume_kg
    from interactions
    inner join users on users.user_id = interactions.user_id
    inner join exercises on exercises.exercise_id = interactions.exercise_id
    group by 1, 2, 3, 4
),

segment_sizes as (
    select users.fitness_goal, users.experience_level, users.is_synthetic,
           count(distinct interactions.user_id) as segment_users_count
    from interactions
    inner join users on users.user_id = interactions.user_id
    inner join exercises on exercises.exercise_id = interactions.exercise_id
    group by 1, 2, 3
)

select
    by_segment.fitness_goal,
    by_segment.experience_level,
    by_segment.is_synthetic,
    by_segment.exercise_id,
    exercises.exercise_name,
    exercises.exercise_type,
    exercises.primary_muscle,
    exercises.equipment,
    exercises.difficulty,
    by_segment.users_count,
    by_segment.sessions_count,
    by_segment.work_sets_count,
    by_segment.total_volume_kg,
    segment_sizes.segment_users_count,
    round(by_segment.users_count::numeric / segment_sizes.segment_users_count, 4) as user_share,
    row_number() over (
        partition by by_segment.fitness_goal, by_segment.experience_level, by_segment.is_synthetic
        order by by_segment.users_count desc, by_segment.sessions_count desc, by_segment.exercise_id
    ) as popularity_rank
from by_segment
inner join segment_sizes using (fitness_goal, experience_level, is_synthetic)
inner join exercises on exercises.exercise_id = by_segment.exercise_id
