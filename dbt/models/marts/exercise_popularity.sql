{#
    How popular each library exercise is among people of a fitness goal and experience level
    (the person's current profile). Custom exercises are private to one person and left out.
    Only exercises done at least once in a segment have a row there.
#}
with sets as (
    select * from {{ ref('fct_sets') }} where not is_custom_exercise
),

users as (
    select user_id, fitness_goal, experience_level, is_synthetic from {{ ref('dim_users') }}
),

exercises as (
    select * from {{ ref('dim_exercises') }}
),

by_segment as (
    select
        users.fitness_goal,
        users.experience_level,
        users.is_synthetic,
        sets.exercise_id,
        count(distinct sets.user_id) as users_count,
        count(distinct sets.workout_id) as sessions_count,
        count(*) filter (where not sets.is_warmup) as work_sets_count,
        sum(sets.volume_kg) as total_volume_kg
    from sets
    inner join users on users.user_id = sets.user_id
    group by 1, 2, 3, 4
),

segment_sizes as (
    select users.fitness_goal, users.experience_level, users.is_synthetic,
           count(distinct sets.user_id) as segment_users_count
    from sets
    inner join users on users.user_id = sets.user_id
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
