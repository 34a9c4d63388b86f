{#
    Data tests in a daily run read what that run loaded (var test_loaded_after, an ISO instant
    that the newest-day runs in pipelines/transform/assets.py set a day and a bit back): on a
    relation with _loaded_at (or, for the intermediate views, _changed_at), a test reads the rows
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
        {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- set column = '_loaded_at' if '_loaded_at' in columns else '_changed_at' if '_changed_at' in columns else none -%}
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
