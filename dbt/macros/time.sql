{#
    Calendar helpers. Timestamps stay timestamptz (an instant); every calendar field (day,
    ISO week) is computed in UTC explicitly, so results never depend on the session time zone.
#}

{# The UTC calendar date of an instant. #}
{% macro utc_date(ts) -%}
    ((({{ ts }}) at time zone 'UTC')::date)
{%- endmacro %}

{# The Monday (a date) that starts the ISO week, in UTC, holding an instant. #}
{% macro utc_week_start(ts) -%}
    ((date_trunc('week', ({{ ts }}) at time zone 'UTC'))::date)
{%- endmacro %}

{# ISO week label such as 2026-W09, for an expression of type date (a Monday). #}
{% macro iso_week_label(week_start) -%}
    to_char(({{ week_start }}), 'IYYY-"W"IW')
{%- endmacro %}

{#
    "Now" for time-relative models: the var as_of when it is set, otherwise the latest
    completed_at of any completed workout (so that results are reproducible), otherwise (no
    completed workout at all) the current time. Read from fct_workouts, the one table of completed
    workouts: an index probe (the view of sessions would aggregate every workout).
#}
{% macro as_of_timestamp() -%}
    {%- set as_of = var('as_of', none) -%}
    {%- if as_of is not none and as_of | string | trim != '' -%}
        ('{{ as_of }}'::timestamptz)
    {%- else -%}
        (select coalesce(max(completed_at), now()) from {{ ref('fct_workouts') }})
    {%- endif -%}
{%- endmacro %}
