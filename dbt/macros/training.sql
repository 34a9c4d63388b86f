{#
    Training formulas, kept identical to pulse/formulas.py and the API services.
#}

{#
    Estimated one-rep max by Epley (1985): weight * (1 + reps / 30), in double precision with
    the same operations in the same order as pulse.formulas.estimated_one_rep_max, so the
    warehouse and the API give bit-identical values (the API computes 1RM in floating point).
    Same rule: only 1 to 12 reps and a weight above 0 give an estimate, and a single (1 rep) is
    its own 1RM. Anything else gives NULL. Callers pass NULL as the weight for warm-up sets,
    which never count.
#}
{% macro epley_1rm(weight, reps) -%}
    (case
        when ({{ weight }}) is null or ({{ reps }}) is null then null::double precision
        when ({{ reps }}) < 1 or ({{ reps }}) > 12 or ({{ weight }}) <= 0 then null::double precision
        when ({{ reps }}) = 1 then ({{ weight }})::double precision
        else ({{ weight }})::double precision * (1 + ({{ reps }})::double precision / 30)
    end)
{%- endmacro %}

{#
    Load of one set in kg: weight * reps for working sets; 0 for warm-ups and for sets that
    lack a weight or a rep count (timed, distance or body-weight sets).
#}
{% macro set_volume_kg(weight, reps, is_warmup) -%}
    (case
        when ({{ is_warmup }}) then 0::numeric
        when ({{ weight }}) is null or ({{ reps }}) is null then 0::numeric
        else ({{ weight }})::numeric * ({{ reps }})
    end)
{%- endmacro %}

{# Session RPE assumed for a workout whose working sets carry no RPE at all. #}
{% macro default_session_rpe() -%}6{%- endmacro %}
