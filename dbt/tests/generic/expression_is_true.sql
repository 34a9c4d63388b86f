{#
    Fails for every row where the SQL boolean expression is not true (false or null).
    On a column, the expression is applied to that column: expression: ">= 0".
#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce(
    {%- if column_name is not none %} ({{ column_name }} {{ expression }})
    {%- else %} ({{ expression }})
    {%- endif %}, false)
{% endtest %}
