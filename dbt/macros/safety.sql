{#
    Training-load warnings (docs/journeys.md, Safety). The API computes the same at request time
    (api/safety/load.py holds the same numbers; tests/unit/test_domain_rules.py checks they match).
#}

{# Acute:chronic workload ratio above which the person's load is a spike ("danger zone"). #}
{% macro load_spike_acwr() -%}1.5{%- endmacro %}

{# A muscle's working sets in the last 7 days more than (1 + this) times those of the 7 before. #}
{% macro muscle_jump_fraction() -%}0.5{%- endmacro %}

{# ... and at least this many working sets this week (fewer is not a load worth warning about). #}
{% macro muscle_spike_min_sets() -%}6{%- endmacro %}

{# ... and at least this many days of history, so a first week is not a jump from nothing. #}
{% macro muscle_spike_min_history_days() -%}14{%- endmacro %}
