{#
    Views are replaced by a swap whose last step drops the old view and, with it, the views built
    on it: two threads replacing two views that share a dependent can deadlock. Views cost
    milliseconds, so they take turns (a transaction-level advisory lock); the tables among the
    staging and intermediate models do not wait for them.
#}
{% macro take_turns_if_view() -%}
    {{- 'select pg_advisory_xact_lock(48153)' if config.get('materialized') == 'view' else 'select 1 /* a table: no turn to take */' -}}
{%- endmacro %}
