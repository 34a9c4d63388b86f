{#
    Data tests in a daily run read what that run loaded (var test_loaded_after, an ISO instant
    that the newest-day runs in pipelines/transform/assets.py set a day and a bit back): on a
    relation with a documented _loaded_at (or _changed_at), a test reads the rows
    loaded after it, so its cost follows the day's data and not the history. Older rows were tested on the day they came; uniqueness across days is held by the
    tables' unique indexes and raw's primary keys. Full builds and backfills test every row.
    A test's own `where` config still applies.
#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where') -%}
        {%- do conditions.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- set after = var('test_loaded_after', none) -%}
    {%- if after is not none and execute and relation.identifier is defined -%}
        {#- the relation's documented columns (a query of the catalog per test cost more than most tests) -#}
        {%- set found = namespace(columns=[]) -%}
        {%- for node in graph.nodes.values() | list + graph.sources.values() | list
              if node.resource_type in ('model', 'source') and node.schema == relation.schema
                 and (node.identifier if node.resource_type == 'source' else node.alias) == relation.identifier -%}
            {%- set found.columns = node.columns.keys() | list -%}
        {%- endfor -%}
        {%- set column = '_loaded_at' if '_loaded_at' in found.columns else '_changed_at' if '_changed_at' in found.columns else none -%}
        {%- if column -%}
            {%- do conditions.append(column ~ " > '" ~ after ~ "'::timestamptz") -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
