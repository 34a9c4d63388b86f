{#
    The incremental models: what a run must recompute, and how it replaces it.

    Every incremental table stores, per row, _loaded_at: the latest time the ingest wrote any raw
    row the table's row is built from. A run looks at raw rows written since
        threshold = max(_loaded_at) already in the table - incremental_lookback_hours
    (ingest times, so one clock; the lookback only has to cover one pipeline run), follows them
    to the workouts and people they change with index lookups (raw's _loaded_at and foreign-key
    indexes, see pipelines/ingest/extract.py), and recomputes only those:

      touched_workouts   workouts whose row, entries, sets, exercises or person changed
      touched_people     per person, the earliest instant whose rows may have changed
                         (from_at): a new workout changes its own day onwards; an edited or
                         deleted workout (it may have moved), an edited entry, or a changed
                         person changes everything (-infinity)
      touched_pairs      per person and exercise, the pairs to recompute whole (exercise_id
                         null: all the person's exercises)

    The result equals a full refresh of the same raw data (tests/integration/test_pipeline.py).
#}

{# The lower bound of an incremental batch. An empty table gives -infinity (everything). #}
{% macro incremental_threshold(relation=none) -%}
    (select coalesce(max(_loaded_at), '-infinity'::timestamptz)
            - interval '1 hour' * {{ var('incremental_lookback_hours', 3) }}
       from {{ relation or this }})
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
    select workout_id from {{ ref('stg_app__workouts') }} where _loaded_at >= {{ since }}
    union
    select workout_id from {{ ref('stg_app__workout_exercises') }} where _loaded_at >= {{ since }}
    union
    select entries.workout_id
    from {{ ref('stg_app__workout_sets') }} as sets
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.workout_exercise_id = sets.workout_exercise_id
    where sets._loaded_at >= {{ since }}
    union
    select entries.workout_id
    from {{ ref('stg_app__exercises') }} as exercises
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.exercise_id = exercises.exercise_id
    where exercises._loaded_at >= {{ since }}
    union
    select workouts.workout_id
    from {{ ref('stg_app__users') }} as users
    inner join {{ ref('stg_app__workouts') }} as workouts on workouts.user_id = users.user_id
    where users._loaded_at >= {{ since }}
{%- endmacro %}

{#
    A row that reached raw before `since` and changed since may have held other values that the
    table was built from (another date, another exercise): its person is recomputed whole.
#}
{% macro _edited(row, since) -%}
    ({{ row }}._loaded_at >= {{ since }} and ({{ row }}._first_loaded_at is null or {{ row }}._first_loaded_at < {{ since }}))
{%- endmacro %}

{% macro touched_people(since) -%}
    select user_id, min(from_at) as from_at
    from (
        select
            workouts.user_id,
            case when {{ _edited('workouts', since) }} then '-infinity'::timestamptz else workouts.completed_at end as from_at
        from ({{ touched_workouts(since) }}) as touched
        inner join {{ ref('stg_app__workouts') }} as workouts on workouts.workout_id = touched.workout_id
        union all
        select workouts.user_id, '-infinity'::timestamptz
        from {{ ref('stg_app__workout_exercises') }} as entries
        inner join {{ ref('stg_app__workouts') }} as workouts on workouts.workout_id = entries.workout_id
        where {{ _edited('entries', since) }}
        union all
        select user_id, '-infinity'::timestamptz from {{ ref('stg_app__users') }} where _loaded_at >= {{ since }}
    ) as changes
    where from_at is not null
    group by user_id
{%- endmacro %}

{% macro touched_pairs(since) -%}
    select distinct people.user_id, entries.exercise_id
    from ({{ touched_people(since) }}) as people
    inner join {{ ref('stg_app__workouts') }} as workouts on workouts.user_id = people.user_id
    inner join {{ ref('stg_app__workout_exercises') }} as entries on entries.workout_id = workouts.workout_id
    where people.from_at > '-infinity' and workouts.workout_id in ({{ touched_workouts(since) }})
    union
    select user_id, null::bigint from ({{ touched_people(since) }}) as people where from_at = '-infinity'
{%- endmacro %}

{#
    Incremental strategy 'replace_touched' (config touched = 'people' or 'pairs', and for
    'people' touched_column: the table's date or week column). It deletes the rows the run
    recomputes (threshold taken before anything changes, as the model's own select took it),
    then inserts the model's rows. Rows whose sources were all deleted are deleted and not
    inserted again: no separate clean-up pass.
#}
{% macro get_incremental_replace_touched_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set since = incremental_threshold(target) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- if config.get('touched') == 'pairs' -%}
    delete from {{ target }} as t
    using ({{ touched_pairs(since) }}) as k
    where t.user_id = k.user_id and (k.exercise_id is null or t.exercise_id = k.exercise_id);
    {%- else -%}
    delete from {{ target }} as t
    using ({{ touched_people(since) }}) as k
    where t.user_id = k.user_id and t.{{ config.get('touched_column') }} >= {{ touched_start(config.get('touched_column'), 'k.from_at') }};
    {%- endif %}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{# The first value of a date or week column that an instant from_at reaches. #}
{% macro touched_start(column, from_at) -%}
    {%- if column.endswith('week') or column == 'week_start' -%}
        {{ utc_week_start(from_at) }}
    {%- else -%}
        {{ utc_date(from_at) }}
    {%- endif -%}
{%- endmacro %}

{#
    Post-hook of the facts: delete the rows of touched workouts that the upstream model no longer
    produces (the workout or its person was deleted, or the workout is no longer completed).
#}
{% macro delete_touched_rows_missing_upstream(upstream) -%}
    delete from {{ this }} as target
    where target.workout_id in ({{ touched_workouts(incremental_threshold()) }})
      and not exists (select 1 from {{ upstream }} as upstream where upstream.workout_id = target.workout_id)
{%- endmacro %}
