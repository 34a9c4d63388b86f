{#
    Planner statistics. The ingest bulk-writes raw tables and autovacuum may be off or late (it
    is off on the development server), and a query planned without statistics on a fresh raw
    table can take minutes instead of milliseconds. So each dbt invocation first ANALYZEs the
    raw tables (var analyze_sources, default true; a role that does not own them gets a warning
    from PostgreSQL, not an error), and every table model is analyzed right after it is built
    (analyze_if_rebuilt: an incremental run changes a small share of its table, and leaves its
    statistics to autovacuum).
#}
{% macro analyze_sources(source_name='app') -%}
    {%- set statements = [] -%}
    {%- if execute and var('analyze_sources', true) -%}
        {%- for node in graph.sources.values() if node.source_name == source_name -%}
            {%- do statements.append('analyze ' ~ node.relation_name) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- statements | join(';\n') if statements else 'select 1 /* analyze_sources disabled */' -}}
{%- endmacro %}

{% macro analyze_if_rebuilt() -%}
    {%- if config.get('materialized') == 'view' -%}
    select 1 /* a view: no statistics of its own */
    {%- elif is_incremental() -%}
    select 1 /* incremental: autovacuum keeps the statistics */
    {%- else -%}
    analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
