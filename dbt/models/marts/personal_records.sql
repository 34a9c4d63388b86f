{#
    The history of personal records: one row each time a person beat their own best on an
    exercise, per record type. A workout's best value counts as a record when it is above the
    best of all the person's earlier completed workouts on that exercise (the running max); the
    first time an exercise is done sets the first record. Warm-ups never count, as in the API
    (api/records/service.py):
      estimated_1rm:   best Epley estimate of the workout's working sets
      heaviest_weight: heaviest weight of a working set with at least one rep
    Earlier/later is by the workout's completed_at, then workout_id.
    Incremental (macros/incremental.sql): a record depends on every earlier workout of its person
    and exercise, and flags the current best, so each touched (person, exercise) is recomputed whole.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='pairs',
        on_schema_change='fail',
        indexes=[{'columns': ['user_id', 'exercise_id']}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with sets as (
    select sets.*
    from {{ ref('fct_sets') }} as sets
    {% if is_incremental() %}
    inner join touched_pairs as touched
        on touched.user_id = sets.user_id and (touched.exercise_id is null or touched.exercise_id = sets.exercise_id)
    {% endif %}
    where not sets.is_warmup
),

workout_bests as (
    select
        user_id, exercise_id, workout_id, workout_completed_at,
        'estimated_1rm' as record_type,
        {# same digits as the API's Decimal(str(float)) #}
        max(estimated_1rm_kg)::text::numeric as value_kg,
        max(_loaded_at) as _loaded_at
    from sets
    where estimated_1rm_kg > 0
    group by user_id, exercise_id, workout_id, workout_completed_at

    union all

    select
        user_id, exercise_id, workout_id, workout_completed_at,
        'heaviest_weight' as record_type,
        max(weight_kg) as value_kg,
        max(_loaded_at) as _loaded_at
    from sets
    where weight_kg > 0 and reps > 0
    group by user_id, exercise_id, workout_id, workout_completed_at
),

running as (
    select
        *,
        max(value_kg) over (
            partition by user_id, exercise_id, record_type
            order by workout_completed_at, workout_id
            rows between unbounded preceding and 1 preceding
        ) as previous_best_kg
    from workout_bests
),

records as (
    select * from running
    where previous_best_kg is null or value_kg > previous_best_kg
),

numbered as (
    select
        *,
        row_number() over (
            partition by user_id, exercise_id, record_type
            order by workout_completed_at, workout_id
        ) as record_number,
        count(*) over (partition by user_id, exercise_id, record_type) as records_count
    from records
)

select
    {{ surrogate_key(['numbered.workout_id', 'numbered.exercise_id', 'numbered.record_type']) }} as record_id,
    numbered.user_id,
    numbered.exercise_id,
    exercises.exercise_name,
    numbered.record_type,
    numbered.workout_id,
    numbered.workout_completed_at as achieved_at,
    {{ utc_date('numbered.workout_completed_at') }} as achieved_date,
    numbered.value_kg,
    numbered.previous_best_kg,
    numbered.value_kg - numbered.previous_best_kg as improvement_kg,
    numbered.record_number,
    (numbered.record_number = numbered.records_count) as is_current_best,
    users.is_synthetic,
    numbered._loaded_at
from numbered
inner join (select * from {{ ref('dim_exercises') }}) as exercises on exercises.exercise_id = numbered.exercise_id
inner join (select * from {{ ref('dim_users') }}) as users on users.user_id = numbered.user_id
