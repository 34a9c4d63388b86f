{#
    Training load per person and UTC day, from the day of their first completed workout to the
    day holding as_of, days without training included (load 0).
      daily_load          sum of session loads that day (duration min x session RPE)
      acute_load_7d       sum of daily load over the 7 days ending that day (that day and the 6 before)
      chronic_load_28d    sum of daily load over the 28 days ending that day
      acwr                acute:chronic workload ratio = (acute_load_7d / 7) / (chronic_load_28d / 28);
                          null when the chronic load is 0
      is_load_spike       acwr above load_spike_acwr() (macros/safety.sql) with a full chronic
                          window: the warning GET /safety/load gives
    The chronic window includes the acute one (the usual "coupled" ratio). Before a person has
    28 days of history the chronic load is understated: has_full_chronic_window says when it is not.
    Incremental (macros/incremental.sql): a run recomputes each touched person's days from the
    first day their changes reach, and everyone's days from the first day as_of newly reaches
    (reading the 27 days before for the windows); everything else stays.
#}
{{
    config(
        materialized='incremental',
        pre_hook=["{{ prepare_touched() }}", "{{ touch_everyone_from_new_days('load_date') }}"],
        incremental_strategy='replace_touched',
        touched='people',
        touched_column='load_date',
        touched_grain='day',
        on_schema_change='fail',
        indexes=[{'columns': ['user_id', 'load_date'], 'unique': True}, {'columns': ['load_date']}, {'columns': ['_loaded_at']}],
    )
}}
{{ touched_dependencies() }}

with as_of as (
    select {{ as_of_timestamp() }} as as_of_at
),

spans as (
    {{ touched_days('(select as_of_at from as_of)') }}
),

sessions as (
    select workouts.user_id, workouts.workout_date, workouts.session_load, workouts._loaded_at
    from (select * from {{ ref('fct_workouts') }}) as workouts
    inner join spans on spans.user_id = workouts.user_id
    cross join as_of
    where workouts.completed_at <= as_of.as_of_at
      {# the 28-day windows of the first recomputed day reach 27 days back #}
      and workouts.workout_date >= spans.from_day - 27
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

daily as (
    select user_id, workout_date, count(*) as sessions_count, sum(session_load) as daily_load, max(_loaded_at) as _loaded_at
    from sessions
    group by user_id, workout_date
),

grid as (
    select spans.user_id, spans.first_day, spans.from_day, days.day::date as load_date
    from spans
    cross join as_of
    cross join lateral generate_series(
        greatest(spans.first_day, spans.from_day - 27)::timestamp, {{ utc_date('as_of.as_of_at') }}::timestamp, interval '1 day'
    ) as days(day)
),

filled as (
    select
        grid.user_id,
        grid.load_date,
        grid.first_day,
        grid.from_day,
        coalesce(daily.sessions_count, 0) as sessions_count,
        coalesce(daily.daily_load, 0) as daily_load,
        daily._loaded_at
    from grid
    left join daily on daily.user_id = grid.user_id and daily.workout_date = grid.load_date
),

windowed as (
    select
        *,
        {# the grid has one row per day, so a window of N rows is N calendar days #}
        sum(daily_load) over (partition by user_id order by load_date rows between 6 preceding and current row) as acute_load_7d,
        sum(daily_load) over (partition by user_id order by load_date rows between 27 preceding and current row) as chronic_load_28d,
        {# the latest ingest write in the row's own 28-day window: the same on a full build and an incremental one #}
        max(_loaded_at) over (partition by user_id order by load_date rows between 27 preceding and current row) as window_loaded_at
    from filled
)

select
    windowed.user_id,
    windowed.load_date,
    windowed.sessions_count,
    windowed.daily_load,
    windowed.acute_load_7d,
    windowed.chronic_load_28d,
    round(windowed.acute_load_7d / 7, 2) as acute_daily_avg,
    round(windowed.chronic_load_28d / 28, 2) as chronic_daily_avg,
    round(4 * windowed.acute_load_7d / nullif(windowed.chronic_load_28d, 0), 4) as acwr,
    (windowed.load_date - windowed.first_day + 1) as days_of_history,
    (windowed.load_date - windowed.first_day + 1 >= 28) as has_full_chronic_window,
    {# a warning needs the whole chronic window: before it, the ratio overstates any load #}
    coalesce(
        windowed.load_date - windowed.first_day + 1 >= 28
        and 4 * windowed.acute_load_7d / nullif(windowed.chronic_load_28d, 0) > {{ load_spike_acwr() }},
        false
    ) as is_load_spike,
    users.is_synthetic,
    windowed.window_loaded_at as _loaded_at
from windowed
inner join users on users.user_id = windowed.user_id
where windowed.load_date >= windowed.from_day
