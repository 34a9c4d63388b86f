{#
    One row per completed workout of an existing person, with counts and totals computed from
    its sets (int_workout_sets_enriched) and the session load used by training_load_daily.
#}
{{ workout_sessions() }}
