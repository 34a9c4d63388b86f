{#
    Models with a custom schema (staging, intermediate, marts, features) land in a schema of
    exactly that name instead of dbt's default "<target schema>_<custom schema>". Models
    without one land in the target's schema (analytics).
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
