{#
    The incremental models: what a run must recompute, and how it replaces it.

    Every incremental table stores, per row, _loaded_at: the latest time the ingest wrote any raw
    row the table's row is built from. A run looks at raw rows written since
        threshold = max(_loaded_at) already in the table - incremental_lookback_hours
    (ingest times, so one clock; the lookback only has to cover one pipeline run), follows them
    to the workouts and people they change with index lookups (raw's _loaded_at and foreign-key
    indexes, see pipelines/ingest/extract.py), and recomputes only those. The model's pre-hook
    prepare_touched() writes them to temporary tables, analyzed so that the planner knows how
    few they are; the model's select and its strategy both read those (one transaction, one
    threshold, taken before anything changed):

      touched_workouts   workouts whose row, entries, sets, exercises or person changed, and
                         in a backfill (vars rebuild_from, rebuild_until) those completed in it
      touched_people     per person, the earliest instant whose rows may have changed
                         (from_at): a new workout changes its own day onwards; an edited or
                         deleted workout (it may have moved), an edited entry, or a changed
                         person changes everything (-infinity)
      touched_pairs      per person and exercise, the pairs to recompute whole (exercise_id
                         null: all the person's exercises)

    The result equals a full refresh of the same raw data (tests/integration/test_pipeline.py).
#}

{#
    The lower bound of an incremental batch, as a literal: with a constant the planner sees from
    raw's statistics that few rows are that new and follows the indexes (with a subquery it
    guesses a third of the table and scans everything). An empty table gives -infinity.
#}
{% macro incremental_threshold() -%}
    {%- if execute -%}
        {%- set newest = run_query("select coalesce(max(_loaded_at), '-infinity'::timestamptz)::text from " ~ this).columns[0].values()[0] -%}
        ('{{ newest }}'::timestamptz - interval '1 hour' * {{ var('incremental_lookback_hours', 3) }})
    {%- else -%}
        ('-infinity'::timestamptz)
    {%- endif -%}
{%- endmacro %}

{#
    The staging models the touched_* macros read. Call it at the top of each incremental model:
    dbt records refs when it parses, and the macros run only inside is_incremental(). A unit
    test (always a full build here) would otherwise need a mock of each.
#}
{% macro touched_dependencies() -%}
{%- if model.resource_type != 'unit_test' -%}
-- depends_on: {{ ref('stg_app__workouts') }}, {{ ref('stg_app__workout_exercises') }}, {{ ref('stg_app__workout_sets') }}, {{ ref('stg_app__exercises') }}, {{ ref('stg_app__users') }}
{%- endif -%}
{%- endmacro %}

{% macro touched_workouts(since) -%}
    select workout_id from {{ ref('stg_app__workouts') }} where _loaded_at > {{ since }}
    union
    select workout_id from {{ ref('stg_app__workout_exercises') }} where _loaded_at > {{ since }}
    union
    select entries.workout_id
    from {{ ref('stg_app__workout_sets') }} as sets
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.workout_exercise_id = sets.workout_exercise_id
    where sets._loaded_at > {{ since }}
    union
    select entries.workout_id
    from {{ ref('stg_app__exercises') }} as exercises
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.exercise_id = exercises.exercise_id
    where exercises._loaded_at > {{ since }}
    union
    select workouts.workout_id
    from {{ ref('stg_app__users') }} as users
    inner join {{ ref('stg_app__workouts') }} as workouts on workouts.user_id = users.user_id
    where users._loaded_at > {{ since }}
    {%- if var('rebuild_from', none) %}
    union
    {# a backfill (pipelines/partitions.py): the workouts completed on its days are rebuilt too #}
    select workout_id from {{ ref('stg_app__workouts') }}
    where completed_at >= '{{ var("rebuild_from") }}'::timestamptz and completed_at < '{{ var("rebuild_until") }}'::timestamptz
    {%- endif %}
{%- endmacro %}

{#
    A row that reached raw before `since` and changed since may have held other values that the
    table was built from (another date, another exercise): its person is recomputed whole.
#}
{% macro _edited(row, since) -%}
    ({{ row }}._loaded_at > {{ since }} and ({{ row }}._first_loaded_at is null or {{ row }}._first_loaded_at <= {{ since }}))
{%- endmacro %}

{% macro touched_people(since) -%}
    select user_id, min(from_at) as from_at
    from (
        select
            workouts.user_id,
            case when {{ _edited('workouts', since) }} then '-infinity'::timestamptz else workouts.completed_at end as from_at
        from touched_workouts as touched
        inner join {{ ref('stg_app__workouts') }} as workouts on workouts.workout_id = touched.workout_id
        union all
        select workouts.user_id, '-infinity'::timestamptz
        from {{ ref('stg_app__workout_exercises') }} as entries
        inner join {{ ref('stg_app__workouts') }} as workouts on workouts.workout_id = entries.workout_id
        where {{ _edited('entries', since) }}
        union all
        select user_id, '-infinity'::timestamptz from {{ ref('stg_app__users') }} where _loaded_at > {{ since }}
    ) as changes
    where from_at is not null
    group by user_id
{%- endmacro %}

{% macro touched_pairs() -%}
    select distinct people.user_id, entries.exercise_id
    from touched_people as people
    inner join {{ ref('stg_app__workouts') }} as workouts on workouts.user_id = people.user_id
    inner join touched_workouts as touched on touched.workout_id = workouts.workout_id
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.workout_id = workouts.workout_id
    where people.from_at > '-infinity'
    union
    select user_id, null::bigint from touched_people where from_at = '-infinity'
{%- endmacro %}

{# Pre-hook of every incremental model: the touched_* temporary tables (nothing on a full build). #}
{% macro prepare_touched() -%}
    {%- if is_incremental() -%}
    {%- if var('as_of', none) is not none -%}
    {#- a frozen "now" is for full builds: an incremental table holds everything up to the newest workout -#}
    {{ exceptions.raise_compiler_error("var as_of needs --full-refresh: " ~ this ~ " is incremental") }}
    {%- endif -%}
    {%- set since = incremental_threshold() -%}
    drop table if exists pg_temp.touched_workouts, pg_temp.touched_people, pg_temp.touched_pairs;
    create temp table touched_workouts on commit drop as {{ touched_workouts(since) }};
    analyze touched_workouts;
    create temp table touched_people on commit drop as {{ touched_people(since) }};
    analyze touched_people;
    create temp table touched_pairs on commit drop as {{ touched_pairs() }};
    analyze touched_pairs
    {%- else -%}
    select 1 /* a full build: everything is computed */
    {%- endif -%}
{%- endmacro %}

{#
    Incremental strategy 'replace_touched' (config touched = 'workouts', 'people' or 'pairs';
    for 'people', touched_column and touched_grain name the table's column that from_at reaches
    and whether it holds weeks, days or instants; without them a touched person's rows are all
    recomputed). It deletes the rows the run recomputes, then inserts the model's rows for them.
    Rows whose sources were all deleted are deleted and not inserted again: no separate clean-up
    pass.
#}
{% macro get_incremental_replace_touched_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- if config.get('touched') == 'workouts' -%}
    delete from {{ target }} as t
    using touched_workouts as k
    where t.workout_id = k.workout_id;
    {%- elif config.get('touched') == 'pairs' -%}
    delete from {{ target }} as t
    using touched_pairs as k
    where t.user_id = k.user_id and (k.exercise_id is null or t.exercise_id = k.exercise_id);
    {%- elif config.get('touched_column') -%}
    delete from {{ target }} as t
    using touched_people as k
    where t.user_id = k.user_id and t.{{ config.get('touched_column') }} >= {{ touched_start(config.get('touched_grain'), 'k.from_at') }};
    {%- else -%}
    delete from {{ target }} as t
    using touched_people as k
    where t.user_id = k.user_id;
    {%- endif %}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{# The first value of a touched_column of grain 'week', 'day' or 'instant' that an instant from_at reaches. #}
{% macro touched_start(grain, from_at) -%}
    {%- if grain == 'week' -%}
        {{ utc_week_start(from_at) }}
    {%- elif grain == 'day' -%}
        {{ utc_date(from_at) }}
    {%- elif grain == 'instant' -%}
        {{ from_at }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("touched_grain must be 'week', 'day' or 'instant', not " ~ grain) }}
    {%- endif -%}
{%- endmacro %}

{#
    The first instant of the rows a 'people' model recomputes for an instant from_at (the UTC
    start of the week or day touched_start gives, for its touched_grain): the model reads its
    sources from there, so that it inserts exactly what the strategy deleted (an instant, not a
    date: a bare date would be read in the session's time zone).
#}
{% macro touched_since(from_at) -%}
    {%- set grain = config.get('touched_grain') -%}
    {{ from_at if grain == 'instant' else '(' ~ touched_start(grain, from_at) ~ "::timestamp at time zone 'UTC')" }}
{%- endmacro %}

{#
    The people and days a model with a row per person and UTC day recomputes (training_load_daily,
    muscle_load_daily): from_day, the first day a touched person's changes reach (on a full build
    everyone's from the start), and first_day, the day of their first workout up to as_of (an
    index probe per person, whatever their history). People without one have no days.
#}
{% macro touched_days(as_of_at) -%}
    select bounds.user_id, bounds.from_day, {{ utc_date('first_workout.completed_at') }} as first_day
    from (
        {% if is_incremental() -%}
        select user_id, {{ utc_date('min(from_at)') }} as from_day from touched_people group by user_id
        {%- else -%}
        select user_id, '-infinity'::date as from_day from {{ ref('dim_users') }}
        {%- endif %}
    ) as bounds
    cross join lateral (
        select completed_at from {{ ref('fct_workouts') }} as workouts
        where workouts.user_id = bounds.user_id and workouts.completed_at <= {{ as_of_at }}
        order by completed_at
        limit 1
    ) as first_workout
{%- endmacro %}

{#
    Second pre-hook of the models with a row per person and calendar day up to as_of
    (training_load_daily): when as_of reaches another day, every person's days from the first
    day it newly reaches (or no longer reaches) are recomputed too.
#}
{% macro touch_everyone_from_new_days(column) -%}
    {%- if is_incremental() -%}
    insert into touched_people (user_id, from_at)
    select users.user_id, ((least(previous.day, current_day.day) + 1)::timestamp at time zone 'UTC')
    from {{ ref('dim_users') }} as users
    cross join (select max({{ column }}) as day from {{ this }}) as previous
    cross join (select {{ utc_date(as_of_timestamp()) }} as day) as current_day
    where previous.day is distinct from current_day.day
    {%- else -%}
    select 1 /* a full build: everything is computed */
    {%- endif -%}
{%- endmacro %}

{#
    Second pre-hook of int_goal_progress: a goal also changes with the goal's row, its person's
    body stats and its exercise (its name), none of which touch a workout.
#}
{% macro touch_people_with_changed_goals() -%}
    {%- if is_incremental() -%}
    {%- set since = incremental_threshold() -%}
    insert into touched_people (user_id, from_at)
    select user_id, '-infinity'::timestamptz from {{ ref('stg_app__user_goals') }} where _loaded_at > {{ since }}
    union
    select user_id, '-infinity' from {{ ref('stg_app__user_stats') }} where _loaded_at > {{ since }}
    union
    select goals.user_id, '-infinity'
    from {{ ref('stg_app__exercises') }} as exercises
    inner join {{ ref('stg_app__user_goals') }} as goals on goals.exercise_id = exercises.exercise_id
    where exercises._loaded_at > {{ since }}
    {%- else -%}
    select 1 /* a full build: everything is computed */
    {%- endif -%}
{%- endmacro %}
