{#
    One row per set that counts as training: the set, its exercise entry, its workout, its
    exercise and its person all still exist (not deleted) and the workout is completed.
    One select without WITH, as the staging views (dbt_project.yml): fct_sets and fct_workouts
    read it for a few workouts through raw's indexes.
#}
select
    sets.set_id,
    sets.workout_exercise_id,
    entries.workout_id,
    workouts.user_id,
    entries.exercise_id,
    exercises.exercise_name,
    exercises.exercise_type,
    exercises.primary_muscle,
    exercises.secondary_muscles,
    exercises.equipment,
    exercises.is_custom as is_custom_exercise,
    entries.position as exercise_position,
    sets.set_index,
    sets.set_type,
    sets.is_warmup,
    sets.reps,
    sets.weight_kg,
    sets.duration_s,
    sets.distance_m,
    sets.rpe,
    {{ set_volume_kg('sets.weight_kg', 'sets.reps', 'sets.is_warmup') }} as volume_kg,
    {{ epley_1rm('case when sets.is_warmup then null else sets.weight_kg end', 'sets.reps') }} as estimated_1rm_kg,
    sets.completed_at as set_completed_at,
    workouts.started_at as workout_started_at,
    workouts.completed_at as workout_completed_at,
    {{ utc_date('workouts.completed_at') }} as workout_date,
    {{ utc_week_start('workouts.completed_at') }} as workout_week,
    sets.is_synthetic,
    greatest(sets._loaded_at, entries._loaded_at, workouts._loaded_at,
             exercises._loaded_at, users._loaded_at) as _changed_at
from {{ ref('stg_app__workout_sets') }} as sets
inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.workout_exercise_id = sets.workout_exercise_id
inner join {{ ref('stg_app__workouts') }} as workouts on workouts.workout_id = entries.workout_id
inner join {{ ref('stg_app__exercises') }} as exercises on exercises.exercise_id = entries.exercise_id
inner join {{ ref('stg_app__users') }} as users on users.user_id = workouts.user_id
where not sets.is_deleted
  and not entries.is_deleted
  and not workouts.is_deleted and workouts.is_completed
  and not exercises.is_deleted
  and not users.is_deleted
