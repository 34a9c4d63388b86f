{#
    Enumerations of the app schema (api/enums.py), for models that need every value, such as
    a grid of users x muscle groups. Keep in step with api/enums.py and the accepted_values tests.
#}
{% macro enum_values(name) -%}
    {%- set enums = {
        'muscle_group': ['LEGS', 'CORE', 'BACK', 'SHOULDERS', 'FULL_BODY', 'CHEST', 'TRICEPS', 'BICEPS', 'GLUTES'],
        'exercise_type': ['STRENGTH', 'CARDIO', 'FLEXIBILITY', 'BALANCE'],
        'equipment': ['NONE', 'DUMBBELL', 'BARBELL', 'OTHER', 'CABLE', 'KETTLEBELL', 'MACHINE', 'BANDS'],
    } -%}
    {{ return(enums[name]) }}
{%- endmacro %}

{# A one-column relation of an enumeration's values, e.g. {{ enum_relation('muscle_group', 'muscle_group') }}. #}
{% macro enum_relation(name, column) -%}
    (select unnest(array[
        {%- for v in enum_values(name) -%}'{{ v }}'{{ ', ' if not loop.last }}{%- endfor -%}
    ]::text[]) as {{ column }})
{%- endmacro %}

{# md5 of the given columns' text, separated so that ('a','bc') and ('ab','c') differ. #}
{% macro surrogate_key(columns) -%}
    md5(concat_ws('|', {%- for c in columns %} coalesce(({{ c }})::text, '<null>'){{ ',' if not loop.last }}{%- endfor %}))
{%- endmacro %}
