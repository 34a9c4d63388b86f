{#
    Helpers of the incremental facts (fct_sets, fct_workouts).

    Each of those tables stores, per row, _loaded_at: the latest time the ingest wrote any raw
    row the fact row is built from (the row itself, its parents, and for workouts its children,
    deleted ones included). An incremental run re-selects every upstream row whose change time
    is at or after  max(_loaded_at) already in the table - incremental_lookback_hours,
    replaces those keys (delete+insert on the unique key), and then removes the keys that no
    longer exist upstream (deleted, or no longer a completed workout).
#}

{# The lower bound of an incremental batch. An empty table gives -infinity (everything). #}
{% macro incremental_threshold(column='_loaded_at') -%}
    (select coalesce(max({{ column }}), '-infinity'::timestamptz)
            - interval '1 hour' * {{ var('incremental_lookback_hours', 3) }}
       from {{ this }})
{%- endmacro %}

{#
    Post-hook: delete the rows of this table whose key is no longer produced by the upstream
    model (the row, or something it depends on, was deleted upstream). Runs on every build; on
    a full refresh it deletes nothing.
#}
{% macro delete_keys_missing_upstream(upstream, key) -%}
    delete from {{ this }} as target
    where not exists (
        select 1 from (select {{ key }} from {{ upstream }}) as upstream
        where upstream.{{ key }} = target.{{ key }}
    )
{%- endmacro %}
