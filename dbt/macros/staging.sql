{#
    The columns every staging model ends with: the row's own timestamps and synthetic flag, and
    the ingest's bookkeeping (when raw first held and last changed the row, and whether it was deleted upstream).
#}
{% macro staging_row_metadata() -%}
    created_at::timestamptz as created_at,
        updated_at::timestamptz as updated_at,
        is_synthetic::boolean as is_synthetic,
        _loaded_at::timestamptz as _loaded_at,
        _first_loaded_at::timestamptz as _first_loaded_at,
        _deleted_at::timestamptz as deleted_at,
        (_deleted_at is not null) as is_deleted
{%- endmacro %}
