{#
    Working sets per person, primary muscle group and UTC day trained, with the rolling windows
    the load warnings use (the API computes the same at request time: api/safety/load.py).
      hard_sets             working (non-warm-up) sets that day
      hard_sets_7d          over the 7 days ending that day
      prior_week_hard_sets  over the 7 days before those
      hard_sets_28d         over the 28 days ending that day
      baseline_weekly_hard_sets  the weekly average over the 3 weeks before the last 7 days
      is_spike              hard_sets_7d >= muscle_spike_min_sets, more than (1 + muscle_jump_fraction)
                            x prior_week_hard_sets and more than muscle_baseline_factor x the
                            baseline, with at least muscle_spike_min_history_days of history
                            (days since the first workout)
    Only days with sets for the muscle have a row; the windows are calendar days (RANGE frames).
    Incremental (macros/incremental.sql): a run recomputes each touched person's days from the
    first day their changes reach, reading the 27 days before for the windows.
#}
{{
    config(
        materialized='incremental',
        pre_hook="{{ prepare_touched() }}",
        incremental_strategy='replace_touched',
        touched='people',
        touched_column='load_date',
        touched_grain='day',
        on_schema_change='fail',
        indexes=[{'columns': ['user_id', 'muscle_group', 'load_date'], 'unique': True}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

spans as (
    {{ touched_days('(select as_of_at from as_of)') }}
),

daily as (
    select
        sets.user_id,
        sets.primary_muscle as muscle_group,
        {{ utc_date('sets.workout_completed_at') }} as load_date,
        count(*) as hard_sets,
        max(sets._loaded_at) as _loaded_at
    from {{ ref('fct_sets') }} as sets
    inner join spans on spans.user_id = sets.user_id
    cross join as_of
    where not sets.is_warmup and sets.workout_completed_at <= as_of.as_of_at
      {# the 28-day windows of the first recomputed day reach 27 days back #}
      and sets.workout_completed_at >= (spans.from_day - 27)::timestamp at time zone 'UTC'
    group by 1, 2, 3
),

windowed as (
    select
        daily.*,
        sum(hard_sets) over (
            partition by user_id, muscle_group order by load_date range between interval '6 days' preceding and current row
        ) as hard_sets_7d,
        coalesce(sum(hard_sets) over (
            partition by user_id, muscle_group order by load_date range between interval '13 days' preceding and interval '7 days' preceding
        ), 0) as prior_week_hard_sets,
        sum(hard_sets) over (
            partition by user_id, muscle_group order by load_date range between interval '27 days' preceding and current row
        ) as hard_sets_28d,
        {# the latest ingest write in the row's own 28-day window: the same on a full build and an incremental one #}
        max(_loaded_at) over (
            partition by user_id, muscle_group order by load_date range between interval '27 days' preceding and current row
        ) as window_loaded_at
    from daily
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
)

select
    windowed.user_id,
    windowed.muscle_group,
    windowed.load_date,
    windowed.hard_sets,
    windowed.hard_sets_7d,
    windowed.prior_week_hard_sets,
    windowed.hard_sets_28d,
    round((windowed.hard_sets_28d - windowed.hard_sets_7d) / 3.0, 2) as baseline_weekly_hard_sets,
    (windowed.load_date - spans.first_day + 1) as days_of_history,
    (
        windowed.hard_sets_7d >= {{ muscle_spike_min_sets() }}
        and windowed.hard_sets_7d > (1 + {{ muscle_jump_fraction() }}) * windowed.prior_week_hard_sets
        and windowed.hard_sets_7d > {{ muscle_baseline_factor() }} * (windowed.hard_sets_28d - windowed.hard_sets_7d) / 3.0
        and windowed.load_date - spans.first_day + 1 >= {{ muscle_spike_min_history_days() }}
    ) as is_spike,
    users.is_synthetic,
    windowed.window_loaded_at as _loaded_at
from windowed
inner join spans on spans.user_id = windowed.user_id
inner join users on users.user_id = windowed.user_id
where windowed.load_date >= spans.from_day
