{#
    Training-load warnings (docs/journeys.md, Safety). The API computes the same at request time
    (api/safety/load.py holds the same numbers; tests/unit/test_domain_rules.py checks they match).
#}

{# Acute:chronic workload ratio above which the person's load is a spike ("danger zone"). #}
{% macro load_spike_acwr() -%}1.5{%- endmacro %}

{# A muscle's working sets in the last 7 days more than (1 + this) times those of the 7 before, #}
{% macro muscle_jump_fraction() -%}0.5{%- endmacro %}

{# ... more than this many times their weekly average over the 3 weeks before, #}
{% macro muscle_baseline_factor() -%}2{%- endmacro %}

{# ... and at least this many working sets this week (fewer is not a load worth warning about), #}
{% macro muscle_spike_min_sets() -%}10{%- endmacro %}

{# ... with at least this many days of history, so the 3 weeks before exist. #}
{% macro muscle_spike_min_history_days() -%}28{%- endmacro %}
